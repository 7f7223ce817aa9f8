/** A signed-in connection's end: the timer at the token's expiry, and the check that needs none. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchExpiry } from './token-expiry.js';

const SECOND = 1000;
const DAY = 86_400 * SECOND;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
});
afterEach(() => vi.useRealTimers());

describe('watchExpiry', () => {
  it('calls back once, at the expiry and not before', () => {
    const onExpiry = vi.fn();
    watchExpiry(Date.now() + 5 * SECOND, onExpiry);
    vi.advanceTimersByTime(5 * SECOND - 1);
    expect(onExpiry).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onExpiry).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(DAY);
    expect(onExpiry).toHaveBeenCalledTimes(1);
  });

  it('says the token has expired once the clock reaches it, even if the timer has not run', () => {
    let now = Date.now();
    const onExpiry = vi.fn();
    const expiresAt = now + 5 * SECOND;
    const watch = watchExpiry(expiresAt, onExpiry, () => now);
    expect(watch.expired()).toBe(false);
    now = expiresAt - 1;
    expect(watch.expired()).toBe(false);
    now = expiresAt;
    expect(watch.expired()).toBe(true);
    expect(onExpiry).not.toHaveBeenCalled();
  });

  it('an expiry already past calls back at once', () => {
    const onExpiry = vi.fn();
    const watch = watchExpiry(Date.now() - SECOND, onExpiry);
    expect(watch.expired()).toBe(true);
    vi.advanceTimersByTime(0);
    expect(onExpiry).toHaveBeenCalledTimes(1);
  });

  it('stopped (the connection closed), never calls back', () => {
    const onExpiry = vi.fn();
    watchExpiry(Date.now() + SECOND, onExpiry).stop();
    vi.advanceTimersByTime(DAY);
    expect(onExpiry).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an expiry beyond what one timer can wait (24.8 days) comes at its time, not at once', () => {
    const onExpiry = vi.fn();
    const expiresAt = Date.now() + 60 * DAY;
    watchExpiry(expiresAt, onExpiry);
    vi.advanceTimersByTime(60 * DAY - SECOND);
    expect(onExpiry).not.toHaveBeenCalled();
    vi.advanceTimersByTime(SECOND);
    expect(onExpiry).toHaveBeenCalledTimes(1);
    expect(Date.now()).toBe(expiresAt);
  });
});
