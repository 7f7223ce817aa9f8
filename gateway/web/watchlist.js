// My watch list (#/my/watchlist): the auctions I watch (the Watch toggle on an auction adds them),
// last added first, kept live, each with Unwatch.
import { api } from './api.js';
import { el } from './format.js';
import { amount, bidsLine, endsLine, priceLabel, titleLink } from './my-rows.js';
import { personalList } from './personal-list.js';

const problems = new Map(); // auctionId → why unwatching it did not work

function row({ auction: a }) {
  const problem = problems.get(a.auctionId);
  return el(
    'li',
    { class: `card my-row ${a.status}`, 'data-auction': a.auctionId },
    titleLink(a.auctionId, a.title),
    el('button', { type: 'button', class: 'secondary unwatch', text: 'Unwatch' }),
    el(
      'span',
      { class: 'meta figures' },
      amount(priceLabel(a), a.visiblePriceCents, a.currency, 'current'),
      el('span', { class: 'outcome-line', text: bidsLine(a) }),
    ),
    endsLine(a),
    problem ? el('span', { class: 'actions note', role: 'status', text: problem }) : null,
  );
}

const page = personalList({
  id: 'my-watchlist',
  path: '/me/watchlist',
  signedOut: 'Sign in to see your watch list.',
  empty: 'You watch no auctions. “☆ Watch” on an auction adds it here.',
  entries: async (auctions) => auctions.map((auction) => ({ auction })),
  row,
});
export const watchlist = page;

document.getElementById('my-watchlist').addEventListener('click', async (event) => {
  const button = event.target.closest('button.unwatch');
  const auctionId = button?.closest('[data-auction]')?.dataset.auction;
  if (!auctionId) return;
  button.disabled = true;
  const answer = await api('DELETE', `/me/watchlist/${encodeURIComponent(auctionId)}`);
  if (answer.ok) problems.delete(auctionId);
  else problems.set(auctionId, answer.message);
  // Read the page again: the next watched auction moves up into it.
  await page.reload();
});
