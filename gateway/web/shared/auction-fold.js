// @ts-check
/**
 * The one fold of live events into an auction as readers see it while it runs: the gateway's
 * bid-path directory (gateway/reads/auction-directory.ts) and the page (../live.js) both apply
 * events through `evolveAuction`. Plain JavaScript so that the page can import it as it is; its
 * JSDoc types are the contract's (contracts/events.ts), checked by tsc where the gateway imports it.
 */

/**
 * @typedef {import('../../../contracts/events.js').Event} Event
 * @typedef {import('../../../contracts/events.js').CloseOutcome} CloseOutcome
 */

/**
 * What the fold needs of an auction: the rest of the object passes through untouched. `endsAt`
 * in epoch ms (the directory) or ISO text (the API's view, as the page holds it).
 * @typedef {{ readonly bidCount: number, readonly endsAt?: number | string }} Folded
 */

/**
 * What the events change, as the API's auction view names it (times in epoch ms): an accepted bid
 * moves the price, leader and bid count; a met reserve says so; an extension moves the end; the
 * close gives the status and the outcome together (a winner and price, or none), the cancel the
 * status. A close or cancel before the scheduled end (a buy-now, a withdrawal) moves the end to
 * that moment, as the API's view has it (processors/batch-decider.ts); a buy-now's price becomes
 * the price shown, as in the processor's state.
 * @typedef {object} AuctionChanges
 * @property {number} [bidCount]
 * @property {number} [visiblePriceCents]
 * @property {string} [leaderId]
 * @property {boolean} [reserveMet]
 * @property {number} [endsAt]
 * @property {'closed' | 'cancelled'} [status]
 * @property {CloseOutcome} [outcome]
 * @property {string | null} [winnerId]
 * @property {number | null} [finalPriceCents]
 */

/**
 * The auction after `event`; the same object when the event changes nothing it shows. `A` is the
 * reader's own shape of an auction (the directory's facts, the API's view); its fields named in
 * AuctionChanges take the values written there.
 * @template {Folded} A
 * @param {A} auction
 * @param {Event} event
 * @returns {A}
 */
export function evolveAuction(auction, event) {
  switch (event.type) {
    case 'BidAccepted':
      return changed(auction, {
        bidCount: auction.bidCount + 1,
        visiblePriceCents: event.data.visiblePriceCents,
        leaderId: event.data.leaderId,
      });
    case 'ReserveMet':
      return changed(auction, { reserveMet: true });
    case 'AuctionExtended':
      return changed(auction, { endsAt: event.data.newEndsAt });
    case 'AuctionClosed': {
      const { outcome, winnerId, priceCents, closedAt } = event.data;
      return changed(auction, {
        status: 'closed',
        outcome,
        winnerId,
        finalPriceCents: priceCents,
        endsAt: endedAt(auction, closedAt),
        ...(outcome === 'bought_now' && priceCents !== null
          ? { visiblePriceCents: priceCents }
          : {}),
      });
    }
    case 'AuctionCancelled':
      return changed(auction, {
        status: 'cancelled',
        endsAt: endedAt(auction, event.data.cancelledAt),
      });
    case 'AuctionCreated':
    case 'BidRejected':
    case 'Outbid':
    case 'CommandRejected':
      return auction;
    default:
      return unreachable(event);
  }
}

/**
 * When bidding ended: the scheduled end, or the close's own moment when that came first.
 * @param {Folded} auction
 * @param {number} at  epoch ms
 * @returns {number}
 */
function endedAt(auction, at) {
  const { endsAt } = auction;
  const scheduled = typeof endsAt === 'string' ? Date.parse(endsAt) : endsAt;
  return scheduled !== undefined && Number.isFinite(scheduled) && scheduled < at ? scheduled : at;
}

/**
 * A copy of `auction` with `changes`.
 * @template {Folded} A
 * @param {A} auction
 * @param {AuctionChanges} changes
 * @returns {A}
 */
const changed = (auction, changes) => /** @type {A} */ ({ ...auction, ...changes });

/**
 * @param {never} event
 * @returns {never}
 */
function unreachable(event) {
  throw new Error(`no fold for ${JSON.stringify(event)}`);
}
