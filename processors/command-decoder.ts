/**
 * Turns a Kafka message from the commands topic into a domain command, or says why it cannot
 * (a poison message: it goes to the dead-letter topic, and processing goes on). The wire is
 * contracts/commands.ts; this file only maps a contract command onto the domain's.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { KafkaMessage } from 'kafkajs';
import {
  decodeCommandMessage,
  type BuyNowData,
  type CancelAuctionData,
  type CloseAuctionData,
  type Command,
  type CommandDecoding,
  type CommandMetadata,
  type CreateAuctionData,
  type PlaceBidData,
} from '../contracts/commands.js';
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

/** True when `Named` is every field of `T`. */
type AllNamed<T, Named extends keyof T> = [Exclude<keyof T, Named>] extends [never] ? true : false;
type Assert<T extends true> = T;

/**
 * Every envelope and data field is named here and taken by name below: a field added to a
 * command's schema is a type error here until the domain gets it (or it is named and ignored).
 * The compiler checks it, so no object rest per command is built to check it at run time.
 */
type _EveryFieldNamed = [
  Assert<
    AllNamed<CommandMetadata, 'commandId' | 'auctionId' | 'issuedBy' | 'issuedAt' | 'correlationId'>
  >,
  Assert<
    AllNamed<
      CreateAuctionData,
      | 'itemId'
      | 'title'
      | 'startingPriceCents'
      | 'reservePriceCents'
      | 'buyNowPriceCents'
      | 'startsAt'
      | 'endsAt'
      | 'antiSnipingWindowMs'
      | 'antiSnipingExtensionMs'
      | 'incrementTable'
      | 'externalRef'
    >
  >,
  Assert<AllNamed<PlaceBidData, 'bidId' | 'idempotencyKey' | 'maxAmountCents'>>,
  Assert<AllNamed<BuyNowData, 'bidId' | 'idempotencyKey'>>,
  Assert<AllNamed<CancelAuctionData, never>>,
  Assert<AllNamed<CloseAuctionData, never>>,
];

/** The domain command with the envelope fields the processor keeps (one literal, no spread). */
function decodedOf(
  { commandId, correlationId, issuedBy, issuedAt }: CommandMetadata,
  command: AuctionCommand,
  idempotencyKey?: string,
): DecodedCommand {
  return idempotencyKey === undefined
    ? { ok: true, commandId, correlationId, issuedBy, issuedAt, command }
    : { ok: true, commandId, correlationId, issuedBy, issuedAt, idempotencyKey, command };
}

export function toDomain({ type, metadata, data }: Command): DecodedCommand {
  const { auctionId, issuedBy, issuedAt } = metadata;
  switch (type) {
    case 'CreateAuction':
      return decodedOf(metadata, {
        type,
        auctionId,
        sellerId: issuedBy,
        itemId: data.itemId,
        title: data.title,
        startingPriceCents: data.startingPriceCents,
        reservePriceCents: optional(data.reservePriceCents),
        buyNowPriceCents: optional(data.buyNowPriceCents),
        startsAt: data.startsAt,
        endsAt: data.endsAt,
        antiSnipingWindowMs: data.antiSnipingWindowMs,
        antiSnipingExtensionMs: data.antiSnipingExtensionMs,
        incrementTable: optional(data.incrementTable),
        externalRef: optional(data.externalRef),
      });
    case 'PlaceBid':
      return decodedOf(
        metadata,
        {
          type,
          auctionId,
          bidId: data.bidId,
          bidderId: issuedBy,
          maxAmountCents: data.maxAmountCents,
          placedAt: issuedAt,
        },
        data.idempotencyKey,
      );
    case 'BuyNow':
      return decodedOf(
        metadata,
        { type, auctionId, bidId: data.bidId, buyerId: issuedBy, placedAt: issuedAt },
        data.idempotencyKey,
      );
    case 'CancelAuction':
      return decodedOf(metadata, { type, auctionId, requestedBy: issuedBy, requestedAt: issuedAt });
    case 'CloseAuction':
      return decodedOf(metadata, { type, auctionId, requestedAt: issuedAt });
    default: {
      const unreachable: never = type;
      throw new Error(`unhandled command type ${String(unreachable)}`);
    }
  }
}
