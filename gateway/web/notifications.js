// Your notifications: those kept by the API (GET /me/notifications, so they survive a reload),
// then the live ones as they come.
import { api, session } from './api.js';
import { dateTime, el, money } from './format.js';
import { onLive } from './live.js';
import { notificationText } from './messages.js';

const $ = (id) => document.getElementById(id);
const titles = new Map(); // auctionId → title, for live notifications
const seen = new Set();

export const rememberTitle = (auctionId, title) => titles.set(auctionId, title);

function add(item, { prepend = true } = {}) {
  const key = item.id ?? `${item.kind}:${item.auctionId}:${item.sequence}`;
  if (seen.has(key)) return;
  seen.add(key);
  const li = el(
    'li',
    { class: item.kind },
    el('a', { href: `#/auction/${item.auctionId}`, text: item.message }),
    item.at ? el('time', { datetime: item.at, text: dateTime(item.at) }) : null,
  );
  if (prepend) $('notifications').prepend(li);
  else $('notifications').append(li);
  update();
}

function update() {
  const count = $('notifications').children.length;
  $('notification-count').textContent = count ? String(count) : '';
  $('notifications-empty').hidden = count > 0;
  $('notifications-empty').textContent = session.token
    ? 'Nothing yet: you will hear here when you are outbid, win or lose, and when what you sell gets a bid or sells.'
    : 'Sign in to get notified when you are outbid.';
}

/** How long a toast stays, unless dismissed sooner: it is kept in the list too. */
const TOAST_MS = 5000;
let toastTimer;
/**
 * The newest live notification, on screen whatever is scrolled into view (a phone's too). While
 * it shows, the page keeps a band of its height free at its end and when scrolling something
 * into view (app.css, --toast-space): the last rows of a list and a focused bid box are never
 * under it.
 */
function toast(text, kind) {
  const box = $('toast');
  box.textContent = text;
  box.className = `toast ${kind}`;
  box.hidden = false;
  // Its band: from its top to the bottom of the window, and a gap above it.
  const space = window.innerHeight - box.getBoundingClientRect().top + 8;
  document.documentElement.style.setProperty('--toast-space', `${Math.ceil(space)}px`);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(dismissToast, TOAST_MS);
}
function dismissToast() {
  clearTimeout(toastTimer);
  $('toast').hidden = true;
  document.documentElement.style.removeProperty('--toast-space');
}
$('toast').addEventListener('click', dismissToast);

/** Loads the kept notifications of whoever is signed in (none when signed out). */
export async function loadNotifications() {
  $('notifications').replaceChildren();
  seen.clear();
  update();
  if (!session.token) return;
  const answer = await api('GET', '/me/notifications?limit=50');
  // Without the API's list (not deployed yet, or down), this browser's own copy of the live ones.
  const items = answer.ok ? (answer.body.items ?? []).map(inPageWords) : cached();
  for (const item of items) add(item, { prepend: false });
}

/** A kept notification worded as the live ones are, in the page's money format. */
const inPageWords = (item) => ({
  ...item,
  message: notificationText(item, item.title, (c) => money(c, item.currency), session.user),
});

const cacheKey = () => `notifications:${session.user}`;
function cached() {
  try {
    return JSON.parse(localStorage.getItem(cacheKey()) ?? '[]');
  } catch {
    return [];
  }
}
const keep = (item) =>
  localStorage.setItem(cacheKey(), JSON.stringify([item, ...cached()].slice(0, 50)));

async function titleOf(auctionId) {
  if (!titles.has(auctionId)) {
    const answer = await api('GET', `/auctions/${auctionId}`);
    titles.set(auctionId, answer.ok ? answer.body.title : 'an auction');
  }
  return titles.get(auctionId);
}

/** What is said live: to a bidder, outbid and how it ended; to a seller, each bid and the end. */
const LIVE_KINDS = ['outbid', 'won', 'lost', 'new_bid', 'sold', 'unsold'];

onLive(async (m) => {
  if (m.type !== 'notification' || !LIVE_KINDS.includes(m.kind)) return;
  const title = await titleOf(m.auctionId);
  const currency = document.body.dataset.currency || 'USD';
  const item = {
    id: `live:${m.kind}:${m.auctionId}:${m.sequence}`,
    kind: m.kind,
    auctionId: m.auctionId,
    message: notificationText(m, title, (c) => money(c, currency), session.user),
    at: new Date().toISOString(),
  };
  keep(item);
  add(item);
  toast(item.message, item.kind);
});
