// What the signed-in user's own pages (my bids, my auctions, my watch list) share: signed in only,
// paged as the API pages (`limit`, `offset`, `total`, `next`) with the list view's pager, and
// their auctions kept current by the live feed. Each page says what to read and how a row looks.
import { api, itemsOf, session } from './api.js';
import { applyEvent, follow, onLive, unfollow } from './live.js';

const PAGE_SIZE = 20;
const $ = (id) => document.getElementById(id);

/** The page number in a hash such as "#/my/bids?page=2" (1 when none or nonsense). */
export function pageFromHash(hash) {
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  return Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
}

/**
 * A personal list in section `#<id>-view`, with `#<id>` (the rows), `#<id>-message`, and the pager
 * `#<id>-prev`, `#<id>-page-info`, `#<id>-next`.
 * - `path`: the API list, e.g. "/me/bids".
 * - `signedOut`, `empty`: what the page says then.
 * - `entries(items)`: the rows of one API page, each `{ auction, ... }`: `auction` is the auction
 *   as the API shows it (or null), which the feed keeps current.
 * - `row(entry)`: the row's element.
 * - `changed(entry, eventType)`: after a live event changed the entry's auction (optional).
 */
export function personalList({ id, path, signedOut, empty, entries, row, changed }) {
  const hashBase = `#/my/${id.replace(/^my-/, '')}`;
  let page = 1;
  let active = false;
  let shown = []; // the entries on screen, in order
  let loads = 0;

  const render = () => $(id).replaceChildren(...shown.map(row));

  function stopFollowing() {
    for (const entry of shown) if (entry.auction) unfollow(entry.auction.auctionId);
  }

  function clear(message) {
    stopFollowing();
    shown = [];
    render();
    $(`${id}-message`).textContent = message;
    $(`${id}-page-info`).textContent = '';
    $(`${id}-prev`).disabled = true;
    $(`${id}-next`).disabled = true;
  }

  async function load() {
    const mine = ++loads;
    if (!session.token) return clear(signedOut);
    const params = new URLSearchParams({
      limit: String(PAGE_SIZE),
      offset: String((page - 1) * PAGE_SIZE),
    });
    const answer = await api('GET', `${path}?${params}`);
    if (mine !== loads || !active) return; // a later load, or another view, answers instead
    if (!answer.ok) return clear(answer.message);
    const items = itemsOf(answer.body);
    const total = Number(answer.body.total ?? items.length);
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (items.length === 0 && page > lastPage) {
      // A page past the end (an old link): show the last page instead, as the list view does.
      history.replaceState(null, '', `${hashBase}?page=${lastPage}`);
      page = lastPage;
      return load();
    }
    const next = await entries(items);
    if (mine !== loads || !active) return;
    stopFollowing();
    shown = next;
    for (const entry of shown)
      if (entry.auction) follow(entry.auction.auctionId, entry.auction.sequence);
    render();
    const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
    $(`${id}-message`).textContent = total === 0 ? empty : '';
    $(`${id}-page-info`).textContent =
      total === 0 ? '' : `${first}–${first + items.length - 1} of ${total}`;
    $(`${id}-prev`).disabled = page <= 1;
    $(`${id}-next`).disabled = items.length === 0 || !answer.body.next;
  }

  const go = (to) => (location.hash = to > 1 ? `${hashBase}?page=${to}` : hashBase);
  $(`${id}-prev`).addEventListener('click', () => go(Math.max(1, page - 1)));
  $(`${id}-next`).addEventListener('click', () => go(page + 1));

  onLive((m) => {
    if (!active || (m.type !== 'event' && m.type !== 'latest')) return;
    let touched = false;
    for (const entry of shown) {
      if (entry.auction?.auctionId !== m.auctionId) continue;
      applyEvent(entry.auction, m.eventType, m.event);
      changed?.(entry, m.eventType);
      touched = true;
    }
    if (touched) render();
  });

  return {
    /** Shows the page the hash names (after a sign-in or sign-out too). */
    async show(hash) {
      active = true;
      page = pageFromHash(hash);
      await load();
    },
    leave() {
      if (!active) return;
      active = false;
      loads++;
      stopFollowing();
      shown = [];
      $(id).replaceChildren();
    },
    /** Reads the page again (after a change the feed does not carry, e.g. unwatching). */
    reload: () => (active ? load() : undefined),
    /** The entry shown for an auction, if any. */
    find: (auctionId) => shown.find((entry) => entry.auction?.auctionId === auctionId),
    /** Draws the rows again (after a change of the page's own state, e.g. a confirm step). */
    render: () => active && render(),
  };
}
