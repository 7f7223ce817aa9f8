/**
 * A signed-in WebSocket lives no longer than its token: at the token's expiry the connection is
 * told (an `unauthorized` error) and closed with CLOSE_TOKEN_EXPIRED, and a message that arrives
 * after the expiry is refused even when the timer has not fired yet (a busy event loop, a
 * suspended process). The clock is the one the token was verified against (jose's: Date.now).
 */

/** Close code for a connection whose token expired (like HTTP 401): reconnect with a fresh token. */
export const CLOSE_TOKEN_EXPIRED = 4401;
export const TOKEN_EXPIRED_REASON = 'token expired: reconnect with a fresh token';
export const TOKEN_EXPIRED_DETAIL =
  'The token has expired: this connection is closed; reconnect with a fresh token.';

/** setTimeout's longest delay: a longer one fires at once, so longer waits go in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ExpiryWatch {
  /** Whether the token has expired (its `exp` reached), timer or not. */
  expired(): boolean;
  /** Stops the timer (the connection closed). */
  stop(): void;
}

/** Calls `onExpiry` once, when the clock reaches `expiresAtMs`, unless stopped first. */
export function watchExpiry(
  expiresAtMs: number,
  onExpiry: () => void,
  now: () => number = Date.now,
): ExpiryWatch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = () => now() >= expiresAtMs;
  const arm = () => {
    timer = setTimeout(
      () => {
        timer = undefined;
        if (expired()) onExpiry();
        else arm();
      },
      Math.min(Math.max(expiresAtMs - now(), 0), MAX_TIMER_MS),
    );
  };
  arm();
  return {
    expired,
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
