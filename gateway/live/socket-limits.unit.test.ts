/** The WebSocket caps: connections per user and address, subscriptions, frames per second. */
import { describe, expect, it } from 'vitest';
import { ConnectionCounts, FrameBudget, subscriptionRefusal } from './socket-limits.js';

const limits = {
  maxSubscriptionsPerConnection: 2,
  maxConnectionsPerUser: 2,
  maxConnectionsPerAddress: 3,
  framesPerSecond: 10,
  frameBurst: 5,
};

describe('ConnectionCounts', () => {
  it('refuses a user’s connection past the cap, naming it, and admits again after a release', () => {
    const counts = new ConnectionCounts(limits);
    const first = counts.admit('alice', '10.0.0.1');
    expect(counts.admit('alice', '10.0.0.2').ok).toBe(true);
    const third = counts.admit('alice', '10.0.0.3');
    expect(third).toMatchObject({
      ok: false,
      refusal: { code: 'connection_limit', limit: 'WS_MAX_CONNECTIONS_PER_USER=2' },
    });
    if (!first.ok) throw new Error('first refused');
    first.release();
    first.release(); // twice counts once
    expect(counts.admit('alice', '10.0.0.3').ok).toBe(true);
    expect(counts.admit('alice', '10.0.0.4').ok).toBe(false);
  });

  it('holds anonymous connections (no user) to the per-address cap, shared with users', () => {
    const counts = new ConnectionCounts(limits);
    expect(counts.admit(null, '10.0.0.9').ok).toBe(true);
    expect(counts.admit(null, '10.0.0.9').ok).toBe(true);
    expect(counts.admit('alice', '10.0.0.9').ok).toBe(true);
    expect(counts.admit(null, '10.0.0.9')).toMatchObject({
      ok: false,
      refusal: { code: 'connection_limit', limit: 'WS_MAX_CONNECTIONS_PER_ADDRESS=3' },
    });
    // Three anonymous connections elsewhere: no per-user cap counts them together.
    for (let i = 0; i < 3; i++) expect(counts.admit(null, '10.0.0.10').ok).toBe(true);
  });

  it('refuses an address past its cap whatever the users', () => {
    const counts = new ConnectionCounts(limits);
    for (const user of ['a', 'b', 'c']) expect(counts.admit(user, '10.0.0.1').ok).toBe(true);
    expect(counts.admit('d', '10.0.0.1')).toMatchObject({
      ok: false,
      refusal: { code: 'connection_limit', limit: 'WS_MAX_CONNECTIONS_PER_ADDRESS=3' },
    });
    expect(counts.admit('d', '10.0.0.2').ok).toBe(true);
  });
});

describe('subscriptionRefusal', () => {
  it('refuses a new subscription past the cap, but not a repeated one', () => {
    const current = new Set(['a-1', 'a-2']);
    expect(subscriptionRefusal(new Set(['a-1']), 'a-2', limits)).toBeUndefined();
    expect(subscriptionRefusal(current, 'a-1', limits)).toBeUndefined();
    expect(subscriptionRefusal(current, 'a-3', limits)).toMatchObject({
      code: 'subscription_limit',
      limit: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION=2',
    });
  });
});

describe('FrameBudget', () => {
  it('allows a burst, then the steady rate, and names the limit', () => {
    let clock = 0;
    const budget = new FrameBudget(limits, () => clock);
    for (let i = 0; i < 5; i += 1) expect(budget.take()).toBe(true);
    expect(budget.take()).toBe(false);
    clock += 100; // a tenth of a second: one more frame at 10 a second
    expect(budget.take()).toBe(true);
    expect(budget.take()).toBe(false);
    clock += 10_000; // refills to the burst, no more
    for (let i = 0; i < 5; i += 1) expect(budget.take()).toBe(true);
    expect(budget.take()).toBe(false);
    expect(budget.refusal).toMatchObject({
      code: 'frame_rate_limit',
      limit: 'WS_MAX_FRAMES_PER_SECOND=10, WS_FRAME_BURST=5',
    });
  });
});
