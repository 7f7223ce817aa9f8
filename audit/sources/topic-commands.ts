/** A message of the commands topic, as decoded by contracts/commands.ts, as a command of the record. Pure. */
import type { Command, CommandDecoding } from '../../contracts/commands.js';
import type { AuditCommand } from '../record.js';

const orUndefined = <T>(value: T | null) => (value === null ? undefined : value);

export function fromCommand({ type, metadata, data }: Command, offset: string): AuditCommand {
  const at = metadata.issuedAt;
  switch (type) {
    case 'CreateAuction':
      return {
        kind: 'create',
        offset,
        at,
        commandId: metadata.commandId,
        terms: {
          sellerId: metadata.issuedBy,
          itemId: data.itemId,
          startingPriceCents: data.startingPriceCents,
          reservePriceCents: orUndefined(data.reservePriceCents),
          buyNowPriceCents: orUndefined(data.buyNowPriceCents),
          startsAt: data.startsAt,
          endsAt: data.endsAt,
          antiSnipingWindowMs: data.antiSnipingWindowMs,
          antiSnipingExtensionMs: data.antiSnipingExtensionMs,
          incrementTable: orUndefined(data.incrementTable),
        },
      };
    case 'PlaceBid':
      return {
        kind: 'bid',
        offset,
        at,
        bidId: data.bidId,
        bidderId: metadata.issuedBy,
        maxCents: data.maxAmountCents,
      };
    case 'BuyNow':
      return { kind: 'buyNow', offset, at, bidId: data.bidId, buyerId: metadata.issuedBy };
    case 'CancelAuction':
      return { kind: 'cancel', offset, at, commandId: metadata.commandId, by: metadata.issuedBy };
    case 'CloseAuction':
      return { kind: 'close', offset, at, commandId: metadata.commandId };
    default: {
      const unreachable: never = type;
      throw new Error(`audit: unknown command type ${String(unreachable)}`);
    }
  }
}

/** A decoded message, or the reason it could not be (kept as set aside, at the message's time). */
export function fromDecoding(
  decoding: CommandDecoding,
  offset: string,
  messageTimestamp: number,
): AuditCommand {
  return decoding.ok
    ? fromCommand(decoding.command, offset)
    : { kind: 'unreadable', offset, at: messageTimestamp, reason: decoding.reason };
}
