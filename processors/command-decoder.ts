/**
 * Turns a Kafka message from the commands topic into a domain command, or says why it cannot
 * (a poison message: it goes to the dead-letter topic, and processing goes on). The wire is
 * contracts/commands.ts; this file only maps a contract command onto the domain's.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { KafkaMessage } from 'kafkajs';
import { decodeCommandMessage, type Command, type CommandDecoding } from '../contracts/commands.js';
import type { AuctionCommand } from './domain/index.js';

export { header } from '../contracts/names.js';

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

/** Why a message cannot be used (contracts/commands.ts names the reasons). */
export type PoisonMessage = Extract<CommandDecoding, { ok: false }>;

export async function decodeCommand(
  registry: Pick<SchemaRegistry, 'decode'>,
  message: KafkaMessage,
): Promise<DecodedCommand | PoisonMessage> {
  const decoded = await decodeCommandMessage(registry, message);
  return decoded.ok ? toDomain(decoded.command) : decoded;
}

const optional = <T>(value: T | null) => (value === null ? undefined : value);

/**
 * Every data field is taken apart by name and the rest must be empty: a field added to a
 * command's schema is a type error here until the domain gets it (or it is named and ignored).
 */
const noneLeft = (_rest: Record<string, never>) => undefined;

export function toDomain({ type, metadata, data }: Command): DecodedCommand {
  const { commandId, auctionId, issuedBy, issuedAt, correlationId, ...more } = metadata;
  noneLeft(more);
  const base = { ok: true as const, commandId, correlationId, issuedBy, issuedAt };
  switch (type) {
    case 'CreateAuction': {
      const {
        itemId,
        title,
        startingPriceCents,
        reservePriceCents,
        buyNowPriceCents,
        startsAt,
        endsAt,
        antiSnipingWindowMs,
        antiSnipingExtensionMs,
        incrementTable,
        externalRef,
        ...rest
      } = data;
      noneLeft(rest);
      return {
        ...base,
        command: {
          type,
          auctionId,
          sellerId: issuedBy,
          itemId,
          title,
          startingPriceCents,
          reservePriceCents: optional(reservePriceCents),
          buyNowPriceCents: optional(buyNowPriceCents),
          startsAt,
          endsAt,
          antiSnipingWindowMs,
          antiSnipingExtensionMs,
          incrementTable: optional(incrementTable),
          externalRef: optional(externalRef),
        },
      };
    }
    case 'PlaceBid': {
      const { bidId, idempotencyKey, maxAmountCents, ...rest } = data;
      noneLeft(rest);
      return {
        ...base,
        idempotencyKey,
        command: { type, auctionId, bidId, bidderId: issuedBy, maxAmountCents, placedAt: issuedAt },
      };
    }
    case 'BuyNow': {
      const { bidId, idempotencyKey, ...rest } = data;
      noneLeft(rest);
      return {
        ...base,
        idempotencyKey,
        command: { type, auctionId, bidId, buyerId: issuedBy, placedAt: issuedAt },
      };
    }
    case 'CancelAuction':
      noneLeft(data);
      return {
        ...base,
        command: { type, auctionId, requestedBy: issuedBy, requestedAt: issuedAt },
      };
    case 'CloseAuction':
      noneLeft(data);
      return { ...base, command: { type, auctionId, requestedAt: issuedAt } };
    default: {
      const unreachable: never = type;
      throw new Error(`unhandled command type ${String(unreachable)}`);
    }
  }
}
