/**
 * The WebSocket's caps, each configurable (gateway/config/limits-config.ts) and each refused with a
 * message naming it: connections per user and per client address (counted by this gateway
 * instance), subscriptions per connection, and frames per second per connection (a token
 * bucket: a burst of WS_FRAME_BURST, then WS_MAX_FRAMES_PER_SECOND on average). Pure.
 */
import type { WebSocketLimits } from '../config/limits-config.js';

/** Close code for a connection refused or ended by a limit (like HTTP 429). */
export const CLOSE_LIMIT = 4029;

export interface LimitRefusal {
  readonly code: 'connection_limit' | 'subscription_limit' | 'frame_rate_limit';
  /** The setting and its value, e.g. `WS_MAX_CONNECTIONS_PER_USER=10`. */
  readonly limit: string;
  readonly detail: string;
}

/** Open connections per user and per address; `admit` counts one in, its `release` out. */
export class ConnectionCounts {
  private readonly byUser = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: WebSocketLimits) {}

  admit(
    /** null: an anonymous (read-only) connection, held to the per-address cap only. */
    userId: string | null,
    address: string,
  ): { ok: true; release: () => void } | { ok: false; refusal: LimitRefusal } {
    const { maxConnectionsPerUser: perUser, maxConnectionsPerAddress: perAddress } = this.limits;
    if ((this.byAddress.get(address) ?? 0) >= perAddress)
      return refused(
        'connection_limit',
        `WS_MAX_CONNECTIONS_PER_ADDRESS=${perAddress}`,
        `this address already has ${perAddress} open connections; close one first`,
      );
    if (userId !== null && (this.byUser.get(userId) ?? 0) >= perUser)
      return refused(
        'connection_limit',
        `WS_MAX_CONNECTIONS_PER_USER=${perUser}`,
        `you already have ${perUser} open connections; close one first`,
      );
    if (userId !== null) bump(this.byUser, userId, 1);
    bump(this.byAddress, address, 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        if (userId !== null) bump(this.byUser, userId, -1);
        bump(this.byAddress, address, -1);
      },
    };
  }
}

function bump(counts: Map<string, number>, key: string, by: number) {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}

const refused = (code: LimitRefusal['code'], limit: string, detail: string) =>
  ({ ok: false, refusal: { code, limit, detail: `${detail} (${limit})` } }) as const;

/** Whether one more subscription fits on a connection that has `current` (re-subscribing does). */
export function subscriptionRefusal(
  current: { has(auctionId: string): boolean; readonly size: number },
  auctionId: string,
  limits: WebSocketLimits,
): LimitRefusal | undefined {
  const max = limits.maxSubscriptionsPerConnection;
  if (current.has(auctionId) || current.size < max) return undefined;
  return refused(
    'subscription_limit',
    `WS_MAX_SUBSCRIPTIONS_PER_CONNECTION=${max}`,
    `this connection already has ${max} subscriptions; unsubscribe from one first`,
  ).refusal;
}

/** A token bucket of frames: `take()` is false once the connection sends too fast. */
export class FrameBudget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly limits: WebSocketLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limits.frameBurst;
    this.at = now();
  }

  take(): boolean {
    const now = this.now();
    const refill = ((now - this.at) / 1000) * this.limits.framesPerSecond;
    this.tokens = Math.min(this.limits.frameBurst, this.tokens + refill);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  get refusal(): LimitRefusal {
    const { framesPerSecond, frameBurst } = this.limits;
    return refused(
      'frame_rate_limit',
      `WS_MAX_FRAMES_PER_SECOND=${framesPerSecond}, WS_FRAME_BURST=${frameBurst}`,
      'too many frames: this connection is closed; reconnect and send more slowly',
    ).refusal;
  }
}
