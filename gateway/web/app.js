// The auction page: plain modules, no framework. State comes from the HTTP API; changes arrive
// over the WebSocket (/ws) — anonymous and read-only until you sign in.
import { api, session, signIn, signOut } from './api.js';
import { showAuction, leaveAuction, refreshAuction } from './auction.js';
import { countdown } from './format.js';
import { showList, leaveList } from './list.js';
import { connect, onLive, reconnect } from './live.js';
import { myAuctions } from './my-auctions.js';
import { myBids } from './my-bids.js';
import { loadNotifications } from './notifications.js';
import { showSell } from './sell.js';
import { setUpProviderSignIn, usesProvider } from './oidc-sign-in.js';
import { watchlist } from './watchlist.js';

const $ = (id) => document.getElementById(id);
const views = ['list-view', 'auction-view', 'sell-view'];
// The signed-in user's own pages: #/my/bids, #/my/auctions, #/my/watchlist (each may add ?page=).
const myPages = { bids: myBids, auctions: myAuctions, watchlist };
views.push(...Object.keys(myPages).map((name) => `my-${name}-view`));

function showView(id) {
  for (const view of views) $(view).hidden = view !== id;
  document.body.dataset.view = id.replace('-view', '');
}

async function route() {
  const hash = location.hash || '#/';
  const my = /^#\/my\/(bids|auctions|watchlist)(?:\?|$)/.exec(hash)?.[1];
  for (const [name, page] of Object.entries(myPages)) if (name !== my) page.leave();
  if (my) {
    leaveList();
    leaveAuction();
    showView(`my-${my}-view`);
    return myPages[my].show(hash);
  }
  const auction = /^#\/auction\/([^/?#]+)$/.exec(hash);
  if (auction) {
    leaveList();
    showView('auction-view');
    await showAuction(decodeURIComponent(auction[1]));
  } else if (hash.startsWith('#/sell')) {
    leaveList();
    leaveAuction();
    showView('sell-view');
    showSell();
  } else {
    leaveAuction();
    showView('list-view');
    await showList(hash);
  }
}

function showUser() {
  // With an identity provider, its sign-in button stands where the development form does.
  $('login').hidden = !!session.user || usesProvider();
  $('provider-sign-in').hidden = !!session.user || !usesProvider();
  $('account').hidden = !session.user;
  $('who').textContent = session.user ?? '';
  document.body.dataset.signedIn = String(!!session.user);
}

async function changedUser() {
  showUser();
  reconnect();
  await loadNotifications();
  refreshAuction();
  if (document.body.dataset.view === 'sell') showSell();
  if (document.body.dataset.view?.startsWith('my-')) await route();
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = $('login-error');
  error.hidden = true;
  const user = $('user').value.trim().normalize('NFC');
  const answer = await api('POST', '/dev/token', { json: { userId: user } });
  if (!answer.ok) {
    error.textContent = answer.message;
    error.hidden = false;
    return;
  }
  // The name as the token has it (Unicode-normalised).
  signIn(answer.body.token, answer.body.userId ?? user);
  $('user').value = '';
  await changedUser();
});

$('sign-out').addEventListener('click', async () => {
  signOut();
  await changedUser();
});

// The socket closed because the token expired (live.js went on anonymously): sign out here too.
onLive(async (m) => {
  if (m.type !== 'token_expired') return;
  signOut();
  await changedUser();
});

// Countdowns tick every second, wherever they are shown.
setInterval(() => {
  for (const cell of document.querySelectorAll('[data-ends]'))
    if (cell.dataset.ends) cell.textContent = countdown(cell.dataset.ends);
}, 1000);

window.addEventListener('hashchange', route);
await setUpProviderSignIn($('provider-sign-in'), (message) => {
  $('login-error').textContent = message;
  $('login-error').hidden = false;
});
showUser();
connect();
loadNotifications();
await route();
document.body.dataset.ready = 'true';
