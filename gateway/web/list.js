// The list of auctions: search by title, sort, status, pages; prices move live, and auctions
// created after the page loaded appear in "Just listed" (the feed of new auctions).
import { api, itemsOf, session } from './api.js';
import { countdown, dateTime, el, money } from './format.js';
import { applyEvent, follow, onLive, unfollow } from './live.js';
import { maskName } from './shared/mask-name.js';

const PAGE_SIZE = 20;
const $ = (id) => document.getElementById(id);
const shown = new Map(); // auctionId → the auction as listed, kept current by the feed
let query = { q: '', sort: 'ending_soonest', status: 'open', page: 1 };
let active = false;
let refreshTimer;

/** The list's query from the address (#/?q=…&sort=…&status=…&page=…). */
export function queryFromHash(hash) {
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  return {
    q: params.get('q') ?? '',
    sort: params.get('sort') === 'newest' ? 'newest' : 'ending_soonest',
    status: params.has('status') ? (params.get('status') ?? '') : 'open',
    page: Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1),
  };
}

function hashOf(q) {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  params.set('sort', q.sort);
  params.set('status', q.status);
  if (q.page > 1) params.set('page', String(q.page));
  return `#/?${params}`;
}

/** Who leads while it runs; once over, who won or that it did not sell (names masked to others). */
function standing(a, open) {
  const who = (name) => maskName(name, session.user);
  if (open) return a.leaderId ? ` · ${who(a.leaderId)} leads` : '';
  if (a.status === 'cancelled') return '';
  return a.winnerId ? ` · won by ${who(a.winnerId)}` : ' · not sold';
}

function card(a) {
  const open = a.status === 'open' || a.status === 'scheduled';
  return el(
    'li',
    { class: `card ${a.status}`, 'data-auction': a.auctionId },
    el('a', { href: `#/auction/${a.auctionId}`, class: 'title', text: a.title }),
    el('strong', { class: 'price', text: money(a.visiblePriceCents, a.currency) }),
    el('span', {
      class: 'meta',
      text: `${a.bidCount} ${a.bidCount === 1 ? 'bid' : 'bids'}${standing(a, open)}`,
    }),
    el(
      'span',
      { class: 'meta ends' },
      open
        ? el('span', {
            'data-ends': a.endsAt,
            text: a.status === 'scheduled' ? 'starts later' : countdown(a.endsAt),
          })
        : el('span', { text: a.status === 'cancelled' ? 'cancelled' : 'ended' }),
      ' · ',
      el('time', { datetime: a.endsAt, text: dateTime(a.endsAt) }),
    ),
  );
}

function render() {
  $('auctions').replaceChildren(...[...shown.values()].map(card));
}

export async function showList(hash) {
  active = true;
  query = queryFromHash(hash);
  $('q').value = query.q;
  $('sort').value = query.sort;
  $('status').value = query.status;
  await load();
}

export function leaveList() {
  active = false;
}

let loads = 0;
async function load() {
  const mine = ++loads;
  const params = new URLSearchParams({
    limit: String(PAGE_SIZE),
    offset: String((query.page - 1) * PAGE_SIZE),
    sort: query.sort,
  });
  if (query.q) params.set('q', query.q);
  if (query.status) params.set('status', query.status);
  const answer = await api('GET', `/auctions?${params}`);
  if (mine !== loads) return; // a later load (another search, a new auction) answers instead
  if (!answer.ok) {
    $('list-message').textContent = answer.message;
    return;
  }
  const items = itemsOf(answer.body);
  const total = Number(answer.body.total ?? items.length);
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (items.length === 0 && query.page > lastPage) {
    // A page past the end (an old link, #/?page=999): show the last page instead.
    history.replaceState(null, '', hashOf({ ...query, page: lastPage }));
    query = { ...query, page: lastPage };
    return load();
  }
  for (const id of shown.keys()) if (!items.some((a) => a.auctionId === id)) unfollow(id);
  shown.clear();
  if (items[0]) document.body.dataset.currency = items[0].currency;
  for (const a of items) {
    shown.set(a.auctionId, { ...a });
    follow(a.auctionId, a.sequence);
  }
  render();
  const first = total === 0 ? 0 : (query.page - 1) * PAGE_SIZE + 1;
  $('page-info').textContent =
    total === 0 ? '' : `${first}–${first + items.length - 1} of ${total}`;
  $('list-message').textContent =
    total === 0 ? (query.q ? `No auctions match “${query.q}”.` : 'No auctions here yet.') : '';
  $('prev').disabled = query.page <= 1;
  $('next').disabled =
    items.length === 0 || !(answer.body.next ?? first + items.length - 1 < total);
}

function go(changes) {
  location.hash = hashOf({ ...query, ...changes });
}

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  go({ q: $('q').value.trim(), sort: $('sort').value, status: $('status').value, page: 1 });
});
for (const id of ['sort', 'status'])
  $(id).addEventListener('change', () => $('search').requestSubmit());
$('prev').addEventListener('click', () => go({ page: Math.max(1, query.page - 1) }));
$('next').addEventListener('click', () => go({ page: query.page + 1 }));

/** A new auction: in "Just listed" at once, and in the list when it belongs on this page. */
function announce(m) {
  const e = m.event;
  const box = $('new-auctions');
  const list = box.querySelector('ul');
  if (list.querySelector(`[data-auction="${m.auctionId}"]`)) return;
  list.prepend(
    el(
      'li',
      { 'data-auction': m.auctionId },
      el('a', { href: `#/auction/${m.auctionId}`, text: String(e.title ?? 'New auction') }),
      ' ',
      el('span', {
        class: 'muted',
        text: `from ${money(Number(e.startingPriceCents), document.body.dataset.currency || 'USD')}`,
      }),
    ),
  );
  while (list.children.length > 5) list.lastElementChild.remove();
  box.hidden = false;
  if (active) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(load, 300);
  }
}

onLive((m) => {
  if (m.type === 'auction_created') return announce(m);
  if (m.type !== 'event' && m.type !== 'latest') return;
  const a = shown.get(m.auctionId);
  if (!a) return;
  applyEvent(a, m.eventType, m.event);
  if (active) render();
});
