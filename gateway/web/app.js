// The auction page: plain modules, no framework. State comes from the HTTP API; changes arrive
// over the WebSocket (/ws) in per-auction order.
const $ = (id) => document.getElementById(id);
const money = (cents) => (cents / 100).toFixed(2);
const state = {
  token: sessionStorage.getItem('token'),
  user: sessionStorage.getItem('user'),
  auctions: new Map(),
  socket: null,
  current: null,
};

async function api(method, path, body, headers = {}) {
  const response = await fetch(path, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(state.token ? { authorization: `Bearer ${state.token}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

function countdown(endsAt) {
  const ms = Date.parse(endsAt) - Date.now();
  if (ms <= 0) return 'ended';
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ${s % 60}s`;
}

function connect() {
  if (!state.token) return;
  const socket = new WebSocket(`${location.origin.replace('http', 'ws')}/ws?token=${state.token}`);
  state.socket = socket;
  socket.onopen = () => {
    for (const [id, a] of state.auctions)
      socket.send(JSON.stringify({ type: 'subscribe', auctionId: id, afterSequence: a.sequence }));
  };
  socket.onmessage = (message) => onLive(JSON.parse(message.data));
  socket.onclose = () => setTimeout(connect, 1000); // resume from the last sequence seen
}

function subscribe(auction) {
  state.auctions.set(auction.auctionId, auction);
  if (state.socket?.readyState === WebSocket.OPEN) {
    state.socket.send(
      JSON.stringify({
        type: 'subscribe',
        auctionId: auction.auctionId,
        afterSequence: auction.sequence,
      }),
    );
  }
}

function onLive(m) {
  if (m.type === 'notification') return notify(m);
  if (m.type !== 'event') return;
  const a = state.auctions.get(m.auctionId);
  if (!a || m.sequence <= a.sequence) return;
  a.sequence = m.sequence;
  const e = m.event;
  if (m.eventType === 'BidAccepted')
    Object.assign(a, {
      visiblePriceCents: e.visiblePriceCents,
      leaderId: e.leaderId,
      bidCount: a.bidCount + 1,
    });
  if (m.eventType === 'ReserveMet') a.reserveMet = true;
  if (m.eventType === 'AuctionExtended') a.endsAt = new Date(e.newEndsAt).toISOString();
  if (m.eventType === 'AuctionClosed' || m.eventType === 'AuctionCancelled') a.status = 'closed';
  renderList();
  if (state.current === a.auctionId) {
    renderAuction(a);
    if (m.eventType === 'BidAccepted') addHistory(e.bidderId, e.visiblePriceCents, e.placedAt);
    if (m.eventType === 'BidAccepted' || m.eventType === 'AuctionClosed')
      loadLeaderboard(a.auctionId);
  }
}

function notify(m) {
  const text = {
    leading: `You lead on ${title(m.auctionId)} at ${money(m.visiblePriceCents)}`,
    outbid: `You have been outbid on ${title(m.auctionId)}: now ${money(m.visiblePriceCents)}`,
    won: `You won ${title(m.auctionId)} for ${money(m.priceCents)}`,
    lost: `${title(m.auctionId)} went to someone else`,
  }[m.kind];
  const li = document.createElement('li');
  li.className = m.kind;
  li.textContent = text;
  $('notifications').prepend(li);
}

const title = (id) => state.auctions.get(id)?.title ?? 'an auction';

function renderList() {
  const rows = [...state.auctions.values()].filter((a) => a.status === 'open');
  $('auctions').tBodies[0].replaceChildren(
    ...rows.map((a) => {
      const tr = document.createElement('tr');
      tr.innerHTML = `<td><a href="#/auction/${a.auctionId}"></a></td><td class="num">${money(a.visiblePriceCents)}</td><td></td><td class="num">${a.bidCount}</td><td class="num" data-ends="${a.endsAt}">${countdown(a.endsAt)}</td>`;
      tr.cells[0].firstChild.textContent = a.title;
      tr.cells[2].textContent = a.leaderId ?? '—';
      return tr;
    }),
  );
}

function renderAuction(a) {
  $('title').textContent = a.title;
  const price = $('price');
  if (price.textContent !== money(a.visiblePriceCents)) {
    price.textContent = money(a.visiblePriceCents);
    price.classList.remove('flash');
    void price.offsetWidth;
    price.classList.add('flash');
  }
  $('leader').textContent = a.leaderId ?? 'nobody yet';
  $('bids').textContent = a.bidCount;
  $('countdown').dataset.ends = a.endsAt;
  $('countdown').textContent = a.status === 'open' ? countdown(a.endsAt) : a.status;
  $('reserve').textContent = a.hasReserve
    ? a.reserveMet
      ? '· reserve met'
      : '· reserve not met'
    : '';
}

function addHistory(bidderId, cents, at) {
  const li = document.createElement('li');
  li.textContent = `${money(cents)} — ${bidderId} (${new Date(at).toLocaleTimeString()})`;
  $('history').prepend(li);
}

async function loadLeaderboard(id) {
  const { body } = await api('GET', `/auctions/${id}/leaderboard?limit=10`);
  $('leaderboard').replaceChildren(
    ...(body.bidders ?? []).map((b) =>
      Object.assign(document.createElement('li'), {
        textContent: `${b.bidderId} — ${b.highestVisibleBid}`,
      }),
    ),
  );
}

async function showAuction(id) {
  state.current = id;
  const { body: a } = await api('GET', `/auctions/${id}`);
  const known = state.auctions.get(id);
  const auction = known ?? { ...a };
  subscribe(auction);
  renderAuction(auction);
  const { body: steps } = await api('GET', `/auctions/${id}/bids`);
  $('history').replaceChildren();
  for (const s of steps.steps ?? []) addHistory(s.bidderId, s.visiblePriceCents, s.placedAt);
  $('decision').textContent = '';
  loadLeaderboard(id);
}

async function route() {
  const match = /^#\/auction\/(.+)$/.exec(location.hash);
  $('list-view').hidden = !!match;
  $('auction-view').hidden = !match;
  if (match) await showAuction(match[1]);
  else state.current = null;
}

async function loadAuctions() {
  const { body } = await api('GET', '/auctions?status=open&limit=100');
  for (const a of body.items ?? []) if (!state.auctions.has(a.auctionId)) subscribe({ ...a });
  renderList();
}

function showUser() {
  $('login').hidden = !!state.user;
  $('who').hidden = !state.user;
  $('who').textContent = state.user ? `signed in as ${state.user}` : '';
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const user = $('user').value.trim();
  const { status, body } = await api('POST', '/dev/token', { userId: user });
  if (status !== 200) return alert(body.detail ?? 'sign-in failed');
  // The name as the token has it (Unicode-normalised).
  const signedIn = body.userId ?? user;
  Object.assign(state, { token: body.token, user: signedIn });
  sessionStorage.setItem('token', body.token);
  sessionStorage.setItem('user', signedIn);
  showUser();
  connect();
});

$('bid-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!state.token) return ($('decision').textContent = 'sign in first');
  const { status, body } = await api(
    'POST',
    `/auctions/${state.current}/bids?wait=5000`,
    { maxAmount: $('max').value },
    { 'idempotency-key': crypto.randomUUID() },
  );
  $('decision').textContent =
    status >= 400
      ? body.decided
        ? `rejected: ${body.detail}`
        : body.detail
      : body.status !== 'decided'
        ? 'received…'
        : body.leading
          ? `accepted — you lead at ${body.visiblePrice}`
          : `accepted, but outbid at ${body.visiblePrice}`;
});

setInterval(() => {
  for (const cell of document.querySelectorAll('[data-ends]'))
    if (cell.textContent !== 'closed') cell.textContent = countdown(cell.dataset.ends);
}, 1000);

window.addEventListener('hashchange', route);
showUser();
connect();
await loadAuctions();
await route();
