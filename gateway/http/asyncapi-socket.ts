/**
 * The WebSocket messages, for the AsyncAPI document (gateway/http/asyncapi.ts). What a client
 * sends is the schema that validates it (gateway/live/client-messages.ts). What the gateway sends
 * is a TypeScript type (gateway/live/socket-messages.ts): its schema here is checked by the
 * compiler against that type in both directions, so neither can change without the other; an
 * event's own record is described by its Avro schema (`eventRecords`).
 */
import { z } from 'zod';
import type { PublicEventRecord, ServerMessage } from '../live/socket-messages.js';
import type { JsonSchema } from './asyncapi-avro.js';

const auctionId = z.string();
const sequence = z.number().int();
const eventType = z.enum([
  'AuctionCancelled',
  'AuctionClosed',
  'AuctionCreated',
  'AuctionExtended',
  'BidAccepted',
  'BidRejected',
  'CommandRejected',
  'Outbid',
  'ReserveMet',
]);

/** An event's published record without `correlationId`: its JSON Schema comes from Avro. */
const eventRecord = <K extends z.infer<typeof eventType>>(records: JsonSchema) =>
  z.custom<PublicEventRecord<K>>().meta({
    description: "The event's published record, without correlationId (schemas/events).",
    ...records,
  });

const closing = {
  outcome: z.enum(['sold', 'no_bids', 'reserve_not_met', 'bought_now']),
  winnerId: z.string().nullable(),
  priceCents: z.number().int().nullable(),
};
const notificationOf = <T extends z.core.$ZodShape>(shape: T) =>
  z.object({ type: z.literal('notification'), auctionId, sequence, ...shape });

/** Every message the gateway sends, by name; `records` describes the events' own records. */
export function serverMessages(records: {
  readonly any: JsonSchema;
  readonly auctionCreated: JsonSchema;
}) {
  return {
    welcome: z.object({
      type: z.literal('welcome'),
      userId: z.string().nullable(),
      mode: z.enum(['drop', 'latest']),
    }),
    subscribed: z.object({ type: z.literal('subscribed'), auctionId, sequence }),
    unsubscribed: z.object({ type: z.literal('unsubscribed'), auctionId }),
    feedSubscription: z.object({
      type: z.enum(['subscribed', 'unsubscribed']),
      feed: z.literal('auctions'),
    }),
    event: z.object({
      type: z.enum(['event', 'latest']),
      auctionId,
      sequence,
      eventType,
      event: eventRecord(records.any),
    }),
    auctionCreated: z.object({
      type: z.literal('auction_created'),
      auctionId,
      sequence,
      event: eventRecord<'AuctionCreated'>(records.auctionCreated),
    }),
    notification: z.union([
      notificationOf({ kind: z.literal('leading'), visiblePriceCents: z.number().int() }),
      notificationOf({
        kind: z.literal('rejected'),
        bidId: z.string(),
        code: z.string(),
        visiblePriceCents: z.number().int(),
        status: z.number().int(),
      }),
      notificationOf({
        kind: z.enum(['outbid', 'new_bid']),
        leaderId: z.string(),
        visiblePriceCents: z.number().int(),
      }),
      notificationOf({ kind: z.enum(['won', 'lost', 'sold', 'unsold', 'closed']), ...closing }),
      notificationOf({
        kind: z.literal('extended'),
        previousEndsAt: z.number().int(),
        newEndsAt: z.number().int(),
      }),
      notificationOf({ kind: z.literal('cancelled') }),
    ]),
    received: z.object({
      type: z.enum(['bid_received', 'buy_now_received']),
      requestId: z.string().optional(),
      bidId: z.string(),
      repeat: z.boolean(),
    }),
    limitError: z.object({
      type: z.literal('error'),
      auctionId: auctionId.optional(),
      code: z.enum(['connection_limit', 'subscription_limit', 'frame_rate_limit']),
      limit: z.string(),
      detail: z.string(),
    }),
    error: z.object({
      type: z.literal('error'),
      code: z.string(),
      detail: z.string(),
      status: z.number().int().optional(),
      requestId: z.string().optional(),
      auctionId: auctionId.optional(),
      field: z.string().optional(),
      limit: z.string().optional(),
      retryAfterSeconds: z.number().optional(),
    }),
    pong: z.object({ type: z.literal('pong') }),
  };
}

// The compiler's check: the schemas above admit exactly the messages the socket may send.
type Described = z.output<
  ReturnType<typeof serverMessages>[keyof ReturnType<typeof serverMessages>]
>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * Each message as JSON has it: readonly-ness makes no difference, and a member that may be
 * undefined is one that may be left out (JSON.stringify drops it).
 */
type Wire<T> = T extends object
  ? {
      -readonly [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
    } & {
      -readonly [K in keyof T as undefined extends T[K] ? never : K]: T[K];
    }
  : never;
/** Every member name of every message: an optional member left out is no type difference. */
type Members<T> = T extends unknown ? keyof T : never;
export const SERVER_MESSAGES_MATCH_THEIR_TYPE: [
  Same<Wire<Described>, Wire<ServerMessage>>,
  Same<Members<Described>, Members<ServerMessage>>,
] = [true, true];
