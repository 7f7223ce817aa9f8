/**
 * An auction's commands as the decision log keeps them (migration 0014): every bid and buy-now
 * with its bidder, maximum and the gateway's timestamp; every create (with its terms), cancel and
 * close with who asked and when; each with its offset in the commands topic, which gives the log
 * order. An auction created before that migration has no terms in the log: it cannot be audited
 * from it (only from the topic, while the topic holds it). Pure.
 */
import { NotAuditable } from '../errors.js';
import type { AuditCommand } from '../record.js';
import type { AuctionTerms } from '../../processors/decision-log.js';
import type { LoggedAuction } from '../stored.js';
import { acceptedCreate } from '../stored.js';

const orUndefined = <T>(value: T | null) => (value === null ? undefined : value);

function termsOf(t: AuctionTerms) {
  return {
    sellerId: t.sellerId,
    itemId: t.itemId,
    startingPriceCents: t.startingPriceCents,
    reservePriceCents: orUndefined(t.reservePriceCents),
    buyNowPriceCents: orUndefined(t.buyNowPriceCents),
    startsAt: t.startsAt,
    endsAt: t.endsAt,
    antiSnipingWindowMs: t.antiSnipingWindowMs,
    antiSnipingExtensionMs: t.antiSnipingExtensionMs,
    incrementTable: orUndefined(t.incrementTable),
  };
}

export function commandsFromLog(log: LoggedAuction): {
  commands: AuditCommand[];
  notes: string[];
} {
  const auctionId = log.auction.auction_id;
  const create = acceptedCreate(log);
  if (!create)
    throw new NotAuditable(auctionId, 'the decision log holds no accepted create of this auction');
  if (create.terms === null)
    throw new NotAuditable(
      auctionId,
      'its create was decided before migration 0014, so the decision log does not hold its terms, and the commands topic no longer holds it',
    );
  const commands: AuditCommand[] = [];
  for (const c of log.commands) {
    const logged = { offset: c.command_offset, at: c.issued_at?.getTime() ?? 0 };
    if (c.command_type === 'CreateAuction') {
      // A create refused before 0014 has no terms; any terms make a second create a refusal.
      const terms = c.terms ?? create.terms;
      commands.push({ kind: 'create', ...logged, commandId: c.command_id, terms: termsOf(terms) });
    } else if (c.command_type === 'CancelAuction')
      commands.push({ kind: 'cancel', ...logged, commandId: c.command_id, by: c.issued_by ?? '' });
    else if (c.command_type === 'CloseAuction')
      commands.push({ kind: 'close', ...logged, commandId: c.command_id });
  }
  for (const b of log.bids) {
    const logged = { offset: b.command_offset, at: b.placed_at.getTime() };
    commands.push(
      b.kind === 'bid'
        ? {
            kind: 'bid',
            ...logged,
            bidId: b.bid_id,
            bidderId: b.bidder_id,
            maxCents: Number(b.max_amount_cents),
          }
        : { kind: 'buyNow', ...logged, bidId: b.bid_id, buyerId: b.bidder_id },
    );
  }
  const notes: string[] = [];
  const byOffset = commands.every((c) => c.offset !== null);
  if (byOffset) commands.sort((a, b) => (BigInt(a.offset!) < BigInt(b.offset!) ? -1 : 1));
  else {
    // Stable: at equal times the create (listed first above) stays before the bids.
    commands.sort((a, b) => a.at - b.at);
    notes.push(
      'some decisions were recorded before migration 0014, without their offset: the commands are in the order of their timestamps',
    );
  }
  return { commands, notes };
}
