// The parts every row of the personal pages shows the same way: the auction's title linking to it,
// an amount that never wraps, and its end in the page's one date format.
import { countdown, dateTime, el, money } from './format.js';

/** Whether the auction still runs (or has yet to start): it has an end ahead, not an outcome. */
export const running = (a) => a.status === 'open' || a.status === 'scheduled';

export const titleLink = (auctionId, title) =>
  el('a', { href: `#/auction/${auctionId}`, class: 'title', text: title ?? 'An unknown auction' });

/** What the price is called: final only once it sold or closed unsold. */
export const priceLabel = (a) => (a.status === 'closed' ? 'Final price' : 'Price');

/** A labelled amount, "Price $41.00": the amount on one line. */
export const amount = (label, cents, currency, cls = '') =>
  el(
    'span',
    { class: `figure ${cls}` },
    `${label} `,
    el('strong', { class: 'amount', text: money(cents, currency) }),
  );

/** "Ends in 4m 09s · Dec 7, 2026, 5:10 PM" while it runs; "Ended · …" or "Was to end · …" after. */
export function endsLine(a) {
  const live = running(a);
  return el(
    'span',
    { class: 'meta ends' },
    live
      ? el('span', {}, 'Ends in ', el('span', { 'data-ends': a.endsAt, text: countdown(a.endsAt) }))
      : el('span', { text: a.status === 'cancelled' ? 'Was to end' : 'Ended' }),
    ' · ',
    el('time', { datetime: a.endsAt, text: dateTime(a.endsAt) }),
  );
}

/** How it ended, for anyone: who won at what price, or why it did not sell. */
export function outcomeWords(a) {
  if (a.status === 'cancelled') return 'Cancelled';
  const price = a.finalPriceCents == null ? '' : ` for ${money(a.finalPriceCents, a.currency)}`;
  switch (a.outcome) {
    case 'sold':
      return `Sold to ${a.winnerId}${price}`;
    case 'bought_now':
      return `Bought now by ${a.winnerId}${price}`;
    case 'reserve_not_met':
      return 'Not sold: the reserve was not met';
    case 'no_bids':
      return 'Not sold: no bids';
    default:
      return a.winnerId ? `Won by ${a.winnerId}${price}` : 'Not sold';
  }
}

/** "3 bids · bob leads" while it runs, "3 bids · Sold to bob for $39.00" after. */
export function bidsLine(a) {
  const count = `${a.bidCount} ${a.bidCount === 1 ? 'bid' : 'bids'}`;
  if (running(a)) return a.leaderId ? `${count} · ${a.leaderId} leads` : count;
  if (a.status === 'cancelled') return count; // the status says it
  return `${count} · ${outcomeWords(a)}`;
}
