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
    ? 'Nothing yet: you will hear here when you are outbid, win or lose.'
    : 'Sign in to get notified when you are outbid.';
}

let toastTimer;
/** The newest live notification, on screen whatever is scrolled into view (a phone's too). */
function toast(text, kind) {
  const box = $('toast');
  box.textContent = text;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), 8000);
}
$('toast').addEventListener('click', () => ($('toast').hidden = true));

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
  message: notificationText(item, item.title, (c) => money(c, item.currency)),
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

onLive(async (m) => {
  if (m.type !== 'notification' || !['outbid', 'won', 'lost'].includes(m.kind)) return;
  const title = await titleOf(m.auctionId);
  const currency = document.body.dataset.currency || 'USD';
  const item = {
    id: `live:${m.kind}:${m.auctionId}:${m.sequence}`,
    kind: m.kind,
    auctionId: m.auctionId,
    message: notificationText(m, title, (c) => money(c, currency)),
    at: new Date().toISOString(),
  };
  keep(item);
  add(item);
  toast(item.message, item.kind);
});
