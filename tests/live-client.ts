/** A WebSocket test client that keeps every message and waits for the ones a test expects. */
import WebSocket from 'ws';
import { tokenFor } from './http.js';

/** Opens a real WebSocket: 101 if the server upgraded it, else the status it refused with. */
export function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

export type LiveMessage = Record<string, unknown> & { type: string };

export class LiveClient {
  readonly messages: LiveMessage[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as LiveMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Connects as `user`, or anonymously (read-only) when `user` is null. */
  static async connect(gatewayUrl: string, user: string | null, query = ''): Promise<LiveClient> {
    const token = user === null ? '' : `token=${await tokenFor(user)}`;
    const url = `${gatewayUrl.replace('http', 'ws')}/ws?${token}${query}`;
    const socket = new WebSocket(url);
    const client = new LiveClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.next((m) => m.type === 'welcome');
    return client;
  }

  send(message: Record<string, unknown>) {
    this.socket.send(JSON.stringify(message));
  }

  /** The first message (from `from` on) that matches, waiting up to `timeoutMs`. */
  async next(
    match: (m: LiveMessage) => boolean,
    timeoutMs = 20_000,
    from = 0,
  ): Promise<LiveMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The auction's events received so far, by sequence. */
  eventsOf(auctionId: string) {
    return this.messages
      .filter((m) => m.type === 'event' && m.auctionId === auctionId)
      .map((m) => Number(m.sequence));
  }

  async close() {
    this.socket.close();
    await new Promise((resolve) => this.socket.once('close', resolve));
  }
}
