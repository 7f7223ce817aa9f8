// My auctions (#/my/auctions): what I sell, with its status, price, bids and outcome, kept live.
// While no bid stands I may cancel one, after a confirm step in the row; the API has the last
// word (a bid may have arrived meanwhile), and its refusal is shown as a sentence.
import { api } from './api.js';
import { el } from './format.js';
import { amount, bidsLine, endsLine, priceLabel, running, titleLink } from './my-rows.js';
import { personalList } from './personal-list.js';

const confirming = new Set(); // auction ids whose row asks "Cancel this auction?"
const cancelling = new Set(); // auction ids whose cancel was sent and not yet seen decided
const notes = new Map(); // auctionId → a sentence about the last cancel (refused, pending)

/** The rules take a cancel from the seller while no bid stands (processors/domain/admission.ts). */
const cancellable = (a) => running(a) && a.bidCount === 0;

const STATUS_WORDS = {
  scheduled: 'Starts later',
  open: 'Open',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

function cancelControls(a) {
  const id = a.auctionId;
  if (cancelling.has(id)) return el('span', { class: 'muted', text: 'Cancelling…' });
  if (!cancellable(a)) return null;
  if (!confirming.has(id))
    return el(
      'button',
      { type: 'button', class: 'secondary cancel', 'data-action': 'cancel' },
      'Cancel auction',
    );
  return el(
    'span',
    { class: 'confirm', role: 'group', 'aria-label': 'Confirm cancelling' },
    el('span', { text: 'Cancel this auction? Bidders can no longer bid on it.' }),
    el('button', { type: 'button', class: 'danger', 'data-action': 'confirm' }, 'Yes, cancel it'),
    el('button', { type: 'button', class: 'secondary', 'data-action': 'keep' }, 'Keep it'),
  );
}

function row({ auction: a }) {
  const controls = cancelControls(a);
  const note = notes.get(a.auctionId);
  return el(
    'li',
    { class: `card my-row ${a.status}`, 'data-auction': a.auctionId },
    titleLink(a.auctionId, a.title),
    el('span', { class: `badge ${a.status}`, text: STATUS_WORDS[a.status] ?? a.status }),
    el(
      'span',
      { class: 'meta figures' },
      amount(priceLabel(a), a.visiblePriceCents, a.currency, 'current'),
      el('span', { class: 'outcome-line', text: bidsLine(a) }),
    ),
    endsLine(a),
    controls || note
      ? el(
          'span',
          { class: 'actions' },
          controls,
          note ? el('span', { class: 'note', role: 'status', text: note }) : null,
        )
      : null,
  );
}

const page = personalList({
  id: 'my-auctions',
  path: '/me/auctions',
  signedOut: 'Sign in to see the auctions you sell.',
  empty: 'You sell nothing yet: create an auction under “Sell”.',
  entries: async (auctions) => auctions.map((auction) => ({ auction })),
  row,
  changed({ auction: a }, eventType) {
    if (eventType === 'AuctionCancelled') {
      cancelling.delete(a.auctionId);
      notes.delete(a.auctionId);
    }
    if (eventType === 'BidAccepted' && confirming.delete(a.auctionId))
      notes.set(a.auctionId, 'A bid now stands: this auction can no longer be cancelled.');
  },
});
export const myAuctions = page;

async function cancel(auctionId) {
  confirming.delete(auctionId);
  notes.delete(auctionId);
  cancelling.add(auctionId);
  page.render();
  const answer = await api('POST', `/auctions/${encodeURIComponent(auctionId)}/cancel?wait=5000`, {
    json: {},
  });
  // Sent, not yet decided (202): the feed's AuctionCancelled updates the row when it is.
  if (answer.status === 202) return;
  cancelling.delete(auctionId);
  if (answer.ok) {
    // Decided: the row says so now (the list as read may not show it yet; the feed's event will).
    const shown = page.find(auctionId);
    if (shown) shown.auction.status = 'cancelled';
    return page.render();
  }
  notes.set(auctionId, answer.message);
  await page.reload(); // refused: most likely a bid came first, which the list shows
}

document.getElementById('my-auctions').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  const auctionId = button?.closest('[data-auction]')?.dataset.auction;
  if (!auctionId) return;
  const action = button.dataset.action;
  if (action === 'cancel') confirming.add(auctionId);
  if (action === 'keep') confirming.delete(auctionId);
  if (action === 'confirm') return cancel(auctionId);
  notes.delete(auctionId);
  page.render();
});
