/**
 * An event as the sinks read it from the events topic: the JSON value Debezium published,
 * checked against its Avro schema (schemas/events), with its type and id from the headers.
 */
import type { KafkaMessage } from 'kafkajs';
import { eventTypes, type SchemaFile } from '../schemas/registry.js';

interface Envelope {
  readonly eventId: string;
  readonly auctionId: string;
  readonly sequence: number;
  readonly occurredAt: number;
  /** From the request that caused the event, for the logs. */
  readonly correlationId: string;
}

export type PublishedEvent = Envelope &
  (
    | {
        readonly type: 'AuctionCreated';
        readonly sellerId: string;
        readonly itemId: string;
        readonly startingPriceCents: number;
        readonly endsAt: number;
      }
    | {
        readonly type: 'BidAccepted';
        readonly bidId: string;
        readonly bidderId: string;
        readonly visiblePriceCents: number;
        readonly leaderId: string;
        readonly leading: boolean;
        readonly placedAt: number;
      }
    | {
        readonly type: 'BidRejected';
        readonly bidId: string;
        readonly bidderId: string;
        readonly reason: string;
        readonly placedAt: number;
      }
    | { readonly type: 'AuctionExtended'; readonly newEndsAt: number }
    | {
        readonly type: 'AuctionClosed';
        readonly outcome: string;
        readonly winnerId: string | null;
        readonly priceCents: number | null;
        readonly closedAt: number;
      }
    | { readonly type: 'Outbid' | 'ReserveMet' | 'AuctionCancelled' | 'CommandRejected' }
  );

export type EventDecoding = { ok: true; event: PublishedEvent } | { ok: false; reason: string };

/** Builds a decoder that accepts only events matching their schema. */
export function eventDecoder(schemas: readonly SchemaFile[]) {
  const types = eventTypes(schemas);
  return (message: KafkaMessage): EventDecoding => {
    const type = message.headers?.eventType?.toString();
    const schema = type ? types.get(type) : undefined;
    if (!type || !schema)
      return { ok: false, reason: `unknown or missing eventType header: ${type ?? '(none)'}` };
    let value: unknown;
    try {
      value = JSON.parse(message.value?.toString() ?? '');
    } catch {
      return { ok: false, reason: 'the value is not JSON' };
    }
    const problems: string[] = [];
    if (
      !schema.isValid(value, { errorHook: (path) => problems.push(path.join('.') || '(record)') })
    ) {
      return {
        ok: false,
        reason: `the value does not match the ${type} schema at: ${problems.join(', ')}`,
      };
    }
    const event = { ...(value as object), type } as PublishedEvent;
    if (message.headers?.eventId?.toString() !== event.eventId) {
      return { ok: false, reason: 'the eventId header does not match the payload' };
    }
    return { ok: true, event };
  };
}
