// My bids (#/my/bids): each auction I bid on, with my maximum, its price now, where I stand
// (leading, outbid, won, lost) and its end; the standing follows the live feed, so "You lead"
// turns to "Outbid" the moment another bidder's maximum passes mine.
//
// GET /me/bids lists bids, newest first, and pages them: the rows of one page are its bids
// grouped by auction (a raise is a bid too, so an auction raised across a page's edge shows on
// both pages). Its end comes from the auction itself (GET /auctions/:id), which the feed follows.
import { api, session } from './api.js';
import { el } from './format.js';
import { humanProblem } from './messages.js';
import { amount, endsLine, priceLabel, running, titleLink } from './my-rows.js';
import { personalList } from './personal-list.js';

/**
 * Where I stand on an auction I bid on, as GET /me/bids words it (gateway/reads/my-bids.ts):
 * the leader while it runs, the winner once closed; a cancelled auction is lost to everyone.
 */
export function standingOn(a, me) {
  if (running(a)) return a.leaderId === me ? 'leading' : 'outbid';
  return a.status === 'closed' && a.winnerId === me ? 'won' : 'lost';
}

const STANDING_WORDS = {
  leading: 'You lead',
  outbid: 'Outbid',
  won: 'You won',
  lost: 'You did not win',
  refused: 'Not accepted',
};

/** One row per auction: its bids on this page, newest first, and the auction now. */
async function entries(bids) {
  const byAuction = new Map();
  for (const b of bids) {
    if (!byAuction.has(b.auctionId)) byAuction.set(b.auctionId, []);
    byAuction.get(b.auctionId).push(b);
  }
  return Promise.all(
    [...byAuction].map(async ([auctionId, mine]) => {
      const answer = await api('GET', `/auctions/${encodeURIComponent(auctionId)}`);
      return { auctionId, bids: mine, auction: answer.ok ? answer.body : null };
    }),
  );
}

function row({ auctionId, bids, auction }) {
  const accepted = bids.filter((b) => b.accepted);
  const newest = bids[0];
  const currency = auction?.currency ?? newest.currency;
  // A raise only ever goes up: my maximum is the highest I set that was accepted.
  const maxima = accepted.filter((b) => b.maxAmountCents !== null).map((b) => b.maxAmountCents);
  const boughtNow = accepted.some((b) => b.kind === 'buy_now');
  const standing =
    accepted.length === 0
      ? 'refused'
      : auction
        ? standingOn(auction, session.user)
        : newest.standing;
  // Refused bids only (none accepted on this page): why, as the bid form would have said it.
  const refusal = standing === 'refused' ? humanProblem({ code: newest.reason }, 409) : undefined;
  return el(
    'li',
    { class: `card my-row ${auction?.status ?? ''}`, 'data-auction': auctionId },
    titleLink(auctionId, auction?.title ?? newest.title),
    el('span', {
      class: `standing ${standing}`,
      text: STANDING_WORDS[standing] ?? standing,
    }),
    refusal ? el('span', { class: 'meta refusal', text: refusal }) : null,
    el(
      'span',
      { class: 'meta figures' },
      boughtNow
        ? el('span', { class: 'figure', text: 'You bought it now' })
        : maxima.length > 0
          ? amount('Your maximum', Math.max(...maxima), currency, 'maximum')
          : null,
      amount(
        priceLabel(auction ?? newest),
        auction?.visiblePriceCents ?? newest.visiblePriceCents,
        currency,
        'current',
      ),
    ),
    auction ? endsLine(auction) : null,
  );
}

export const myBids = personalList({
  id: 'my-bids',
  path: '/me/bids',
  signedOut: 'Sign in to see your bids.',
  empty: 'You have not bid on anything yet.',
  entries,
  row,
});
