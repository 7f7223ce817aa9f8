/**
 * Decides whether a Kafka consumer has stalled: messages are waiting on the partitions it owns,
 * and it has handled none of them for a while. Pure: the watcher feeds it observations and the
 * clock.
 *
 * Why: kafkajs can leave a consumer stopped for good (seen during broker restarts, see
 * docs/faults.md), and its users report consumers that stop fetching with no sign at all.
 * Nothing inside the client notices, so the process watches its own progress from outside.
 */

export interface StallState {
  /** When the consumer last started or finished a batch (or tried one again). */
  readonly lastActivityAt: number;
  /** Since when every lag reading saw messages waiting; null when the last did not. */
  readonly waitingSince: number | null;
}

export type LagReading =
  | { readonly ok: true; readonly lag: number }
  /** Kafka or Postgres could not be asked: nothing is known, so the waiting clock restarts. */
  | { readonly ok: false };

export const initialStallState = (now: number): StallState => ({
  lastActivityAt: now,
  waitingSince: null,
});

export const recordActivity = (state: StallState, now: number): StallState => ({
  ...state,
  lastActivityAt: now,
});

export function recordLag(state: StallState, reading: LagReading, now: number): StallState {
  if (!reading.ok || reading.lag === 0) return { ...state, waitingSince: null };
  return { ...state, waitingSince: state.waitingSince ?? now };
}

/**
 * Stalled: messages have been seen waiting on every reading for `stallMs`, and no batch was
 * handled in that time. An outage of Kafka or Postgres breaks the readings, so the consumer
 * gets a full `stallMs` to reconnect once they are back.
 */
export function isStalled(state: StallState, now: number, stallMs: number): boolean {
  if (state.waitingSince === null) return false;
  return now - state.waitingSince >= stallMs && now - state.lastActivityAt >= stallMs;
}
