// The live feed (/ws): anonymous (read-only) or with the signed-in user's token. It keeps what
// this window follows — auctions from their last sequence, and the feed of new auctions — and
// follows it again after a reconnect, resuming where it was. A signed-in connection lives as long
// as its token: when the gateway closes it with 4401 (token expired), the feed goes on at once
// anonymously, and uses a token again once the user signs in anew.
import { session } from './api.js';
import { evolveAuction } from './shared/auction-fold.js';

const handlers = new Set();
const followed = new Map(); // auctionId → last sequence seen
let socket = null;
let retryMs = 500;
let closing = false;
/** The gateway's close code for a connection whose token expired (gateway/live/token-expiry.ts). */
const TOKEN_EXPIRED = 4401;
let expiredToken = null; // the token the gateway said had expired: never sent again

/** Whether `token` may still open a signed-in connection: not known to have expired. */
function usable(token) {
  if (!token || token === expiredToken) return false;
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(atob(payload));
    return typeof exp !== 'number' || exp * 1000 > Date.now();
  } catch {
    return true; // not ours to judge: the gateway says whether it is valid
  }
}

const send = (message) => {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
};

/** `handler(message)` gets every message from the feed. */
export const onLive = (handler) => handlers.add(handler);

export function connect() {
  closing = false;
  // As at start: the signed-in user's token, unless it has expired (then read-only until a new one).
  const token = usable(session.token) ? `?token=${encodeURIComponent(session.token)}` : '';
  const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws${token}`);
  socket = ws;
  ws.onopen = () => {
    retryMs = 500;
    send({ type: 'subscribe_auctions' });
    for (const [auctionId, sequence] of followed)
      send({ type: 'subscribe', auctionId, afterSequence: sequence });
  };
  ws.onmessage = (message) => {
    const m = JSON.parse(message.data);
    // Live from here on: new auctions will come (the tests wait for this too).
    if (m.type === 'subscribed' && m.feed === 'auctions') document.body.dataset.live = 'on';
    if ((m.type === 'event' || m.type === 'latest') && followed.has(m.auctionId)) {
      if (m.sequence <= followed.get(m.auctionId)) return;
      followed.set(m.auctionId, m.sequence);
    }
    for (const handler of handlers) handler(m);
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    document.body.dataset.live = 'off';
    if (closing) return;
    if (event.code === TOKEN_EXPIRED) {
      // The token will not open a signed-in connection again: retrying it would be refused (401)
      // for ever. Go on anonymously now; the handlers may ask the user to sign in again.
      expiredToken = session.token;
      for (const handler of handlers) handler({ type: 'token_expired' });
      connect();
      return;
    }
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  };
}

/** Connects again as whoever is signed in now (after sign-in or sign-out). */
export function reconnect() {
  const old = socket;
  socket = null;
  document.body.dataset.live = 'off';
  old?.close();
  connect();
}

/** Follows an auction from `sequence` (what the page has already shown). */
export function follow(auctionId, sequence) {
  const known = followed.get(auctionId);
  if (known !== undefined && known >= sequence) return;
  followed.set(auctionId, sequence);
  send({ type: 'subscribe', auctionId, afterSequence: sequence });
}

export function unfollow(auctionId) {
  if (!followed.delete(auctionId)) return;
  send({ type: 'unsubscribe', auctionId });
}

export const following = () => [...followed.keys()];

/**
 * Applies a live event to an auction as the API shows it (the list's cards and the auction view
 * keep the same fields), through the gateway's own fold (shared/auction-fold.js). The socket sends
 * the published record, the envelope and the data side by side, so it serves as both; the fold
 * counts time in epoch ms, the view in ISO text.
 */
export function applyEvent(auction, eventType, record) {
  const next = evolveAuction(auction, { type: eventType, metadata: record, data: record });
  Object.assign(auction, next, { endsAt: new Date(next.endsAt).toISOString() });
}
