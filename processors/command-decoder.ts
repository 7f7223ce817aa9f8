/**
 * Turns a Kafka message from the commands topic into a domain command, or says why it cannot
 * (a poison message: it goes to the dead-letter topic, and processing goes on).
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { KafkaMessage } from 'kafkajs';
import { COMMAND_TYPES, type CommandType } from '../producers/command-publisher.js';
import type { AuctionCommand } from './domain/index.js';

export interface DecodedCommand {
  readonly ok: true;
  readonly command: AuctionCommand;
  readonly commandId: string;
  readonly correlationId: string;
  readonly issuedBy: string;
  /** When the gateway (or the close scheduler) stamped the command, epoch ms. */
  readonly issuedAt: number;
  /** For bids and buy-now: the key that makes a repeat find its first decision. */
  readonly idempotencyKey?: string;
}

export interface PoisonMessage {
  readonly ok: false;
  readonly reason: string;
  /** From the message's header, when it has one: the logs of a poison message still correlate. */
  readonly correlationId?: string;
}

/** A header's value as text (kafkajs may give a Buffer, a string or a list). */
export const header = (message: KafkaMessage, name: string) => {
  const value = message.headers?.[name];
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
};

const isCommandType = (value: string | undefined): value is CommandType =>
  (COMMAND_TYPES as readonly string[]).includes(value ?? '');

type Fields = Record<string, unknown>;
const text = (f: Fields, name: string) => String(f[name]);
const cents = (f: Fields, name: string) => Number(f[name]);
const optional = <T>(value: T | null | undefined) => (value === null ? undefined : value);

export async function decodeCommand(
  registry: SchemaRegistry,
  message: KafkaMessage,
): Promise<DecodedCommand | PoisonMessage> {
  const decoded = await decodeFields(registry, message);
  return decoded.ok ? decoded : { ...decoded, correlationId: header(message, 'correlationId') };
}

async function decodeFields(
  registry: SchemaRegistry,
  message: KafkaMessage,
): Promise<DecodedCommand | PoisonMessage> {
  const type = header(message, 'commandType');
  if (!isCommandType(type))
    return { ok: false, reason: `unknown or missing commandType header: ${type ?? '(none)'}` };
  if (!message.value) return { ok: false, reason: 'empty message value' };
  if (!message.key) return { ok: false, reason: 'message has no key (the auction id)' };
  let fields: Fields;
  try {
    fields = (await registry.decode(message.value)) as Fields;
  } catch (error) {
    return { ok: false, reason: `cannot decode Avro value: ${(error as Error).message}` };
  }
  if (text(fields, 'auctionId') !== message.key.toString()) {
    return {
      ok: false,
      reason: `key ${message.key.toString()} is not the command's auction id ${text(fields, 'auctionId')}`,
    };
  }
  const issuedAt = Number(fields.issuedAt);
  const base = {
    ok: true as const,
    commandId: text(fields, 'commandId'),
    correlationId: text(fields, 'correlationId'),
    issuedBy: text(fields, 'issuedBy'),
    issuedAt,
  };
  const auctionId = text(fields, 'auctionId');
  switch (type) {
    case 'CreateAuction':
      return {
        ...base,
        command: {
          type,
          auctionId,
          sellerId: base.issuedBy,
          itemId: text(fields, 'itemId'),
          title: text(fields, 'title'),
          startingPriceCents: cents(fields, 'startingPriceCents'),
          reservePriceCents: optional(fields.reservePriceCents as number | null),
          buyNowPriceCents: optional(fields.buyNowPriceCents as number | null),
          startsAt: Number(fields.startsAt),
          endsAt: Number(fields.endsAt),
          antiSnipingWindowMs: Number(fields.antiSnipingWindowMs),
          antiSnipingExtensionMs: Number(fields.antiSnipingExtensionMs),
          incrementTable: optional(
            fields.incrementTable as { fromCents: number; incrementCents: number }[] | null,
          ),
          externalRef: optional(fields.externalRef as string | null),
        },
      };
    case 'PlaceBid':
      return {
        ...base,
        idempotencyKey: text(fields, 'idempotencyKey'),
        command: {
          type,
          auctionId,
          bidId: text(fields, 'bidId'),
          bidderId: base.issuedBy,
          maxAmountCents: cents(fields, 'maxAmountCents'),
          placedAt: issuedAt,
        },
      };
    case 'BuyNow':
      return {
        ...base,
        idempotencyKey: text(fields, 'idempotencyKey'),
        command: {
          type,
          auctionId,
          bidId: text(fields, 'bidId'),
          buyerId: base.issuedBy,
          placedAt: issuedAt,
        },
      };
    case 'CancelAuction':
      return {
        ...base,
        command: { type, auctionId, requestedBy: base.issuedBy, requestedAt: issuedAt },
      };
    case 'CloseAuction':
      return { ...base, command: { type, auctionId, requestedAt: issuedAt } };
    default: {
      const unreachable: never = type;
      return { ok: false, reason: `unhandled command type ${String(unreachable)}` };
    }
  }
}
