/**
 * The live feed's subscribers for the latency bench: `count` WebSocket connections, subscriber i
 * on auction i mod A, each ready only once the gateway has answered its subscribe. A socket the
 * gateway refuses (a connection cap) fails the whole set with the gateway's own words.
 */
import WebSocket from 'ws';

/** Subscribers of auction `index` when `count` of them are dealt round-robin over `auctions`. */
export function watchersOf(count: number, auctions: number, index: number): number {
  if (index < 0 || index >= auctions) return 0;
  return Math.floor(count / auctions) + (index < count % auctions ? 1 : 0);
}

export interface Subscribers {
  /** Subscribers of the auction at this index. */
  watchersOf(index: number): number;
  /** Subscribers the gateway closed after they were subscribed (a slow consumer, say). */
  readonly lost: number;
  /** The reasons they were closed for, by close code and reason. */
  readonly lostBecause: Readonly<Record<string, number>>;
  close(): void;
}

interface FeedMessage {
  readonly type?: string;
  readonly code?: string;
  readonly detail?: string;
}

const ACCEPTED = Buffer.from('"eventType":"BidAccepted"');
const BID_ID = Buffer.from('"bidId":"');
const QUOTE = 0x22;

/**
 * The bidId of a live-feed frame that carries a BidAccepted event, read straight from the bytes:
 * a thousand subscribers on a hot auction get a thousand copies of every event, and the
 * generator must not spend a JSON parse on each. Undefined for any other frame.
 */
export function acceptedBidId(frame: Buffer): string | undefined {
  if (frame.indexOf(ACCEPTED) < 0) return undefined;
  const at = frame.indexOf(BID_ID);
  if (at < 0) return undefined;
  const from = at + BID_ID.length;
  const to = frame.indexOf(QUOTE, from);
  return to < 0 ? undefined : frame.toString('latin1', from, to);
}

/** Opened this many at a time: a thousand token checks at once would only measure the storm. */
const BATCH = 50;

export async function openSubscribers(
  o: {
    readonly gateway: string;
    readonly count: number;
    readonly auctionIds: readonly string[];
    readonly onAccepted: (bidId: string) => void;
  },
  token: (user: string) => Promise<string>,
): Promise<Subscribers> {
  const base = o.gateway.replace(/^http/, 'ws');
  const sockets: WebSocket[] = [];
  const problems: string[] = [];
  const lost = { count: 0, because: {} as Record<string, number>, closing: false };
  const onLost = (why: string) => {
    if (lost.closing) return;
    lost.count += 1;
    lost.because[why] = (lost.because[why] ?? 0) + 1;
  };
  const closeAll = () => {
    lost.closing = true;
    for (const ws of sockets) ws.terminate();
  };
  for (let from = 0; from < o.count; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, o.count - from) }, async (_, k) => {
      const i = from + k;
      const ws = new WebSocket(`${base}/ws?token=${await token(`watcher-${i}`)}`);
      sockets.push(ws);
      await subscribed(ws, o.auctionIds[i % o.auctionIds.length]!, o.onAccepted, onLost);
    });
    for (const outcome of await Promise.allSettled(batch))
      if (outcome.status === 'rejected') problems.push((outcome.reason as Error).message);
    if (problems.length > 0) break;
  }
  if (problems.length > 0) {
    closeAll();
    const capped = problems.some((p) => p.includes('WS_MAX_CONNECTIONS_PER_ADDRESS'));
    throw new Error(
      `only ${sockets.length - problems.length} of ${o.count} subscribers could subscribe; the gateway said: ${problems[0]}` +
        (capped
          ? `. The gateway must allow ${o.count} WebSocket connections from this address: restart \`npm start\` with WS_MAX_CONNECTIONS_PER_ADDRESS at least ${o.count} (scripts/start.ts sets its default)`
          : ''),
    );
  }
  return {
    watchersOf: (index) => watchersOf(o.count, o.auctionIds.length, index),
    get lost() {
      return lost.count;
    },
    lostBecause: lost.because,
    close: closeAll,
  };
}

/** Subscribes `ws` to `auctionId` and resolves on the gateway's `subscribed`. */
function subscribed(
  ws: WebSocket,
  auctionId: string,
  onAccepted: (bidId: string) => void,
  onLost: (why: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail('no `subscribed` within 20 s'), 20_000);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'subscribe', auctionId })));
    ws.on('error', (error) => fail(error.message));
    ws.once('close', (code, reason) => {
      const why = `closed ${code} ${reason.toString('utf8')}`.trim();
      if (settled) onLost(why);
      else fail(why);
    });
    ws.on('message', (data: Buffer) => {
      const bidId = acceptedBidId(data);
      if (bidId !== undefined) return onAccepted(bidId);
      if (settled) return;
      const m = JSON.parse(data.toString('utf8')) as FeedMessage;
      if (m.type === 'subscribed') {
        settled = true;
        clearTimeout(timer);
        resolve();
      } else if (m.type === 'error') fail(`${m.code ?? 'error'}: ${m.detail ?? ''}`);
    });
  });
}
