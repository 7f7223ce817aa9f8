// One auction: price, time left and end date, bid form with the minimum next bid prefilled,
// buy now, the outcome once closed, standings and price history, live.
import { api, itemsOf, session } from './api.js';
import { countdown, dateTime, el, money, plainAmount, timeOfDay } from './format.js';
import { applyEvent, follow, onLive, unfollow } from './live.js';
import { humanProblem } from './messages.js';
import { rememberTitle } from './notifications.js';
import { isPending, settled } from './pending.js';
import { maskName } from './shared/mask-name.js';

const $ = (id) => document.getElementById(id);
let current = null; // the auction shown, as last read and updated live
let currentId = null;
let refreshTimer;
let pendingBid = null; // {bidId, key, path, json, until}
let decisionPriceCents = null; // the price an "Accepted" line names, while it is still true
let myMaxCents = null; // the signed-in leader's own maximum (GET /me/bids), only ever theirs
let confirmingBuy = false; // buy now asked once: the button now confirms, beside a Cancel

const cur = (cents) => money(cents, current?.currency);
/** A bidder's name as the reader may see it: masked to others, in full to themselves. */
const who = (name) => maskName(name, session.user);

function show(which) {
  $('auction').hidden = which !== 'auction';
  $('auction-missing').hidden = which !== 'missing';
}

function missing(text) {
  show('missing');
  $('auction-missing').textContent = text;
}

export async function showAuction(id) {
  if (currentId && currentId !== id) unfollow(currentId);
  currentId = id;
  current = null;
  say('');
  myMaxCents = null;
  confirmingBuy = false;
  $('extended').hidden = true;
  pendingBid = null;
  await load(id, true);
}

export function leaveAuction() {
  currentId = null;
}

async function load(id, first = false) {
  const answer = await api('GET', `/auctions/${encodeURIComponent(id)}`);
  if (id !== currentId) return;
  if (answer.status === 404) {
    current = null;
    if (isPending(id)) {
      missing('This auction is being created…');
      setTimeout(() => id === currentId && !current && load(id), 1000);
    } else missing('This auction does not exist.');
    return;
  }
  if (!answer.ok) return missing(answer.message);
  settled(id);
  const seen = current;
  current = answer.body;
  document.body.dataset.currency = current.currency;
  rememberTitle(id, current.title);
  follow(id, current.sequence);
  render(first || !seen);
  loadStandings(id);
  loadHistory(id);
  if (first) loadWatch(id);
  loadMyMax(id);
}

/** The leader's own maximum: the newest accepted bid of theirs on this auction (GET /me/bids). */
async function loadMyMax(id) {
  if (!session.token || current?.leaderId !== session.user) return;
  const answer = await api('GET', '/me/bids?limit=100');
  if (id !== currentId || !answer.ok) return;
  const mine = itemsOf(answer.body).find(
    (b) => b.auctionId === id && b.accepted && b.maxAmountCents !== null,
  );
  const max = mine ? Number(mine.maxAmountCents) : null;
  if (max === myMaxCents) return;
  myMaxCents = max;
  render(true);
}

function status(a) {
  const ended = Date.parse(a.endsAt) <= Date.now();
  if (a.status === 'open' && ended) return ['closing', 'Closing'];
  return (
    {
      scheduled: ['scheduled', 'Starts later'],
      open: ['open', 'Open'],
      closed: ['closed', 'Closed'],
      cancelled: ['cancelled', 'Cancelled'],
    }[a.status] ?? ['closed', a.status]
  );
}

function outcomeText(a) {
  if (a.status === 'cancelled') return 'This auction was cancelled by the seller.';
  const price = a.finalPriceCents === null ? '' : cur(a.finalPriceCents);
  switch (a.outcome) {
    case 'sold':
      return `Sold to ${who(a.winnerId)} for ${price}.`;
    case 'bought_now':
      return `Bought now by ${who(a.winnerId)} for ${price}.`;
    case 'reserve_not_met':
      return 'Not sold: the reserve price was not met.';
    case 'no_bids':
      return 'Not sold: there were no bids.';
    default:
      return a.winnerId ? `Won by ${who(a.winnerId)} for ${price}.` : 'Not sold.';
  }
}

function render(prefill) {
  const a = current;
  show('auction');
  $('title').textContent = a.title;
  $('seller').textContent = a.sellerId;
  const [cls, label] = status(a);
  $('status-badge').className = `badge ${cls}`;
  $('status-badge').textContent = label;
  const price = $('price');
  const text = cur(a.visiblePriceCents);
  if (price.textContent !== text) {
    price.textContent = text;
    price.classList.remove('flash');
    void price.offsetWidth;
    price.classList.add('flash');
  }
  const over = a.status === 'closed' || a.status === 'cancelled';
  $('price-label').textContent = over ? 'Final price' : 'Current price';
  $('starting-price').textContent = `Starting price ${cur(a.startingPriceCents)}`;
  $('bids').textContent = `${a.bidCount} ${a.bidCount === 1 ? 'bid' : 'bids'}`;
  // A buy-now is no bid: it ended the auction with no leader, and its buyer is who won.
  const bought = a.outcome === 'bought_now';
  $('leader-label').textContent = bought ? 'bought now by' : over ? 'last leader' : 'leader';
  $('leader').textContent = (bought ? who(a.winnerId) : who(a.leaderId)) ?? 'nobody yet';
  $('reserve').textContent = a.hasReserve
    ? a.reserveMet
      ? ' · reserve met'
      : ' · reserve not met yet'
    : '';
  const live = a.status === 'open' || a.status === 'scheduled';
  const scheduled = a.status === 'scheduled';
  $('ends-label').textContent = live ? (scheduled ? 'Starts' : 'Ends in') : 'Ended';
  $('countdown').dataset.ends = live && !scheduled ? a.endsAt : '';
  $('countdown').textContent = live ? (scheduled ? dateTime(a.startsAt) : countdown(a.endsAt)) : '';
  $('ends-at').dateTime = a.endsAt;
  $('ends-at').textContent = `${scheduled ? 'ends ' : ''}${dateTime(a.endsAt)}`;
  $('outcome').hidden = live;
  $('outcome').textContent = live ? '' : outcomeText(a);
  $('currency').textContent = a.currency;
  renderForm(a, live && !scheduled && Date.parse(a.endsAt) > Date.now(), prefill);
}

function renderForm(a, biddable, prefill) {
  const mine = session.user === a.sellerId;
  const canBid = biddable && a.minimumNextBidCents !== null && !!session.token && !mine;
  $('bid-form').hidden = !canBid;
  $('bid-hint').textContent = !biddable
    ? a.status === 'scheduled'
      ? `Bidding opens ${dateTime(a.startsAt)}.`
      : a.status === 'open'
        ? 'Bidding has ended; the result follows in a moment.'
        : ''
    : mine
      ? 'This is your auction: you cannot bid on it.'
      : !session.token
        ? `Sign in to bid. The next bid is at least ${cur(a.minimumNextBidCents)}.`
        : a.leaderId === session.user
          ? `You lead at ${cur(a.visiblePriceCents)}. ${
              myMaxCents === null
                ? 'You may raise your maximum above your current one.'
                : `Your maximum is ${cur(myMaxCents)}; you may raise it.`
            }`
          : `Bid at least ${cur(a.minimumNextBidCents)}. We bid for you up to your maximum, which stays hidden.${
              a.antiSnipingWindowSeconds > 0
                ? ` A bid in the last ${a.antiSnipingWindowSeconds} s extends the auction.`
                : ''
            }`;
  const input = $('max');
  const minimum = leaderMinimum(a);
  if (canBid && minimum !== null) {
    const typed = Number.parseFloat(input.value);
    if (prefill || !(typed * 100 >= minimum) || document.activeElement !== input)
      input.value = plainAmount(minimum);
  }
  const buyNow = $('buy-now');
  buyNow.hidden = !(canBid && a.buyNowPriceCents !== null);
  if (buyNow.hidden) confirmingBuy = false;
  buyNow.textContent = confirmingBuy
    ? `Confirm buy now at ${cur(a.buyNowPriceCents)}`
    : `Buy now for ${cur(a.buyNowPriceCents)}`;
  buyNow.classList.toggle('confirm', confirmingBuy);
  $('buy-cancel').hidden = !confirmingBuy;
}

/**
 * The least amount the page suggests: the next bid for others; for the leader, their own maximum
 * raised by the increment at today's price (the rules refuse a maximum that is not above it).
 */
function leaderMinimum(a) {
  if (a.leaderId !== session.user || myMaxCents === null) return a.minimumNextBidCents;
  const increment = Math.max(1, a.minimumNextBidCents - a.visiblePriceCents);
  return Math.max(a.minimumNextBidCents, myMaxCents + increment);
}

/** The leader leads while the auction runs; once it is over, only a winner is marked. */
function standingNote(bidder) {
  const over = current?.status === 'closed' || current?.status === 'cancelled';
  if (!over) return bidder.leading ? ' · leads' : '';
  return current.winnerId === bidder.bidderId ? ' · won' : '';
}

async function loadStandings(id) {
  const answer = await api('GET', `/auctions/${id}/leaderboard?limit=10`);
  if (id !== currentId || !answer.ok) return;
  const bidders = answer.body.bidders ?? [];
  $('leaderboard').replaceChildren(
    ...(bidders.length === 0
      ? [el('li', { class: 'muted', text: 'No bids yet.' })]
      : bidders.map((b) =>
          el(
            'li',
            { class: b.leading ? 'leading' : '' },
            el('span', { class: 'who', text: `${b.rank}. ${who(b.bidderId)}` }),
            el('span', {
              class: 'amount',
              text: `${cur(b.highestVisibleBidCents)}${standingNote(b)}`,
            }),
          ),
        )),
  );
}

/** The most price steps the history shows: the newest, one page of GET /auctions/:id/bids. */
const HISTORY_STEPS = 100;

async function loadHistory(id) {
  // Paged oldest first: once there are more steps than a page, ask again for the last page.
  const path = (offset) => `/auctions/${id}/bids?limit=${HISTORY_STEPS}&offset=${offset}`;
  let answer = await api('GET', path(0));
  if (id !== currentId || !answer.ok) return;
  if (answer.body.total > HISTORY_STEPS) {
    answer = await api('GET', path(answer.body.total - HISTORY_STEPS));
    if (id !== currentId || !answer.ok) return;
  }
  const steps = [...itemsOf(answer.body)].reverse();
  $('history').replaceChildren(
    ...(steps.length === 0
      ? [el('li', { class: 'muted', text: 'No bids yet.' })]
      : steps.map((s) =>
          el(
            'li',
            {},
            el('span', { class: 'amount', text: cur(s.visiblePriceCents) }),
            el('span', { class: 'who', text: `${who(s.leaderId)} led · ${timeOfDay(s.placedAt)}` }),
          ),
        )),
  );
}

/** Whether you watch this auction: your watch list (GET /me/watchlist, paged) holds it. */
async function loadWatch(id) {
  const button = $('watch');
  button.hidden = true;
  if (!session.token) return;
  let path = '/me/watchlist?limit=100';
  for (let pages = 0; path && pages < 5; pages++) {
    const answer = await api('GET', path);
    if (id !== currentId || !answer.ok) return; // not deployed (404) or not now: no toggle
    if (itemsOf(answer.body).some((a) => a.auctionId === id)) return setWatch(true);
    path = answer.body.next;
  }
  setWatch(false);
}

function setWatch(watching) {
  const button = $('watch');
  button.hidden = false;
  button.dataset.watching = String(watching);
  button.textContent = watching ? '★ Watching' : '☆ Watch';
  button.setAttribute('aria-pressed', String(watching));
}

$('watch').addEventListener('click', async () => {
  const watching = $('watch').dataset.watching === 'true';
  const answer = await api(watching ? 'DELETE' : 'PUT', `/me/watchlist/${currentId}`);
  if (answer.ok) setWatch(!watching);
  else $('decision').textContent = answer.message;
});

function say(text, kind = '') {
  decisionPriceCents = null;
  $('decision').textContent = text;
  $('decision').className = `decision ${kind}`;
}

/** The answer to a bid or buy-now, as a sentence; a pending one is asked again until decided. */
function decided(answer) {
  if (answer.status === 202) return false;
  pendingBid = null;
  if (!answer.ok) {
    say(answer.message, 'bad');
    if (answer.body?.minimumNextBid) $('max').value = answer.body.minimumNextBid;
  } else if (answer.body.accepted === false) {
    say(humanProblem({ code: answer.body.reason }, 409), 'bad');
  } else {
    const price = cur(answer.body.visiblePriceCents);
    if (answer.body.leading) {
      say(`Accepted: you lead at ${price}.`, 'good');
      decisionPriceCents = answer.body.visiblePriceCents;
    } else
      say(`Accepted, but another bidder's maximum is higher: the price is now ${price}.`, 'bad');
    if (answer.body.extended?.newEndsAt)
      showExtension(answer.body.extended.previousEndsAt, answer.body.extended.newEndsAt);
  }
  scheduleRefresh();
  return true;
}

async function place(path, json) {
  if (!session.token) return say('Sign in to bid.', 'bad');
  const key = crypto.randomUUID();
  say('Sending…');
  const send = (wait) =>
    api('POST', `${path}?wait=${wait}`, {
      json,
      headers: { 'idempotency-key': key },
    });
  const answer = await send(5000);
  if (decided(answer)) return;
  // Not decided within 5 s: say so, and ask again (the same key answers the same bid).
  say('Received — waiting for the decision…');
  const bid = { until: Date.now() + 30_000 };
  pendingBid = bid;
  while (pendingBid === bid) {
    if (Date.now() > bid.until) {
      pendingBid = null;
      say('Your bid was received, but its decision is late: check the price history shortly.');
      scheduleRefresh();
      return;
    }
    if (decided(await send(2000))) return;
  }
}

$('bid-form').addEventListener('submit', (event) => {
  event.preventDefault();
  place(`/auctions/${currentId}/bids`, { maxAmount: $('max').value.trim().replace(',', '.') });
});
/** Buy now asks first: a click turns the button into "Confirm buy now at $X" beside a Cancel. */
function confirmBuy(asking) {
  confirmingBuy = asking;
  if (current) render(false);
}
$('buy-now').addEventListener('click', () => {
  if (!confirmingBuy) return confirmBuy(true);
  confirmBuy(false);
  place(`/auctions/${currentId}/buy-now`, {});
});
$('buy-cancel').addEventListener('click', () => confirmBuy(false));

function showExtension(previousEndsAt, newEndsAt) {
  const notice = $('extended');
  notice.hidden = false;
  notice.textContent = `Extended: a late bid moved the end from ${timeOfDay(
    new Date(previousEndsAt).toISOString(),
  )} to ${timeOfDay(new Date(newEndsAt).toISOString())}.`;
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  const id = currentId;
  refreshTimer = setTimeout(() => id && id === currentId && load(id), 150);
}

/** Re-renders after a sign-in or sign-out. */
export function refreshAuction() {
  if (current) {
    myMaxCents = null;
    confirmingBuy = false;
    render(true);
    // Names are masked to others: who is signed in decides which one shows in full.
    loadStandings(current.auctionId);
    loadHistory(current.auctionId);
    loadWatch(current.auctionId);
    loadMyMax(current.auctionId);
  }
}

onLive((m) => {
  if (m.type === 'auction_created' && m.auctionId === currentId && !current)
    return load(currentId, true);
  if (m.auctionId !== currentId || !current) return;
  if (m.type === 'notification' && m.kind === 'outbid' && !pendingBid)
    return say(`You have been outbid: the price is now ${cur(m.visiblePriceCents)}.`, 'bad');
  if (m.type !== 'event' && m.type !== 'latest') return;
  const e = m.event;
  applyEvent(current, m.eventType, e);
  if (m.eventType === 'AuctionExtended') showExtension(e.previousEndsAt, e.newEndsAt);
  if (m.eventType === 'AuctionClosed' || m.eventType === 'AuctionCancelled') say(''); // the outcome says it all now
  // "Accepted: you lead at $30.00" is stale once the price has moved on.
  if (decisionPriceCents !== null && current.visiblePriceCents !== decisionPriceCents) say('');
  render(false);
  scheduleRefresh();
});

/** An auction past its end still open: the close is on its way; look again. */
setInterval(() => {
  if (current?.status !== 'open' || Date.parse(current.endsAt) > Date.now()) return;
  render(false);
  scheduleRefresh();
}, 1000);
