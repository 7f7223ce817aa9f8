/**
 * The page's live feed after its token expires: the gateway closes the socket with 4401, and the
 * page goes on at once anonymously instead of retrying the dead token (refused with 401 for
 * ever); a token that expired while the page was closed is not sent either. A browser module,
 * run here against a fake WebSocket, storage and document.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

class FakeSocket {
  static readonly OPEN = 1;
  static readonly opened: FakeSocket[] = [];
  readyState = 0;
  readonly sent: unknown[] = [];
  onopen?: () => void;
  onmessage?: (message: { data: string }) => void;
  onclose?: (event: { code: number }) => void;
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.readyState = 3;
  }
  /** The gateway accepts the connection. */
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  /** The gateway closes it with `code`. */
  closedBy(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

let issued = 0;
/** A token as the page keeps it, a new one each time: only its `exp` is read here. */
const token = (expSeconds: number) =>
  ['{"alg":"HS256"}', JSON.stringify({ sub: 'alice', exp: expSeconds, jti: ++issued }), 'sig']
    .map((part, i) => (i < 2 ? Buffer.from(part).toString('base64url') : part))
    .join('.');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

const stored = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => stored.set(key, value),
  removeItem: (key: string) => stored.delete(key),
});
vi.stubGlobal('WebSocket', FakeSocket);
vi.stubGlobal('location', { origin: 'http://gateway.test' });
vi.stubGlobal('document', { body: { dataset: {} } });
afterAll(() => vi.unstubAllGlobals());

interface Live {
  connect(): void;
  reconnect(): void;
  follow(auctionId: string, sequence: number): void;
  onLive(handler: (message: Record<string, unknown>) => void): void;
}
interface Api {
  session: { token: string | null };
  signIn(token: string, user: string): void;
}
// Browser modules (plain JS): imported by URL so that the type checker leaves them alone.
const live = (await import(new URL('./live.js', import.meta.url).href)) as Live;
const api = (await import(new URL('./api.js', import.meta.url).href)) as Api;

const told: Record<string, unknown>[] = [];
live.onLive((message) => told.push(message));
const latest = () => FakeSocket.opened.at(-1)!;
const WS = 'ws://gateway.test/ws';

beforeEach(() => {
  told.length = 0;
});

describe('the live feed and the token', () => {
  it('closed with 4401, it goes on at once without the token, following what it followed', () => {
    const first = token(inAnHour());
    api.signIn(first, 'alice');
    live.reconnect();
    expect(latest().url).toBe(`${WS}?token=${first}`);
    latest().open();
    live.follow('a-1', 7);

    const before = FakeSocket.opened.length;
    latest().closedBy(4401);
    expect(FakeSocket.opened.length).toBe(before + 1);
    expect(latest().url).toBe(WS);
    expect(told).toContainEqual({ type: 'token_expired' });
    latest().open();
    expect(latest().sent).toEqual([
      { type: 'subscribe_auctions' },
      { type: 'subscribe', auctionId: 'a-1', afterSequence: 7 },
    ]);

    // A new sign-in brings a new token, which is used.
    const fresh = token(inAnHour());
    api.signIn(fresh, 'alice');
    live.reconnect();
    expect(latest().url).toBe(`${WS}?token=${fresh}`);
  });

  it('any other close retries later, with the token it has', () => {
    vi.useFakeTimers();
    try {
      const current = token(inAnHour());
      api.signIn(current, 'alice');
      live.reconnect();
      const before = FakeSocket.opened.length;
      latest().closedBy(1006);
      expect(FakeSocket.opened.length).toBe(before);
      vi.advanceTimersByTime(10_000);
      expect(latest().url).toBe(`${WS}?token=${current}`);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a stored token that has expired is not sent: the page connects anonymously', () => {
    api.signIn(token(Math.floor(Date.now() / 1000) - 1), 'alice');
    live.reconnect();
    expect(latest().url).toBe(WS);
  });
});
