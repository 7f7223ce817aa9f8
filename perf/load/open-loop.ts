/**
 * An open-loop send schedule at a constant rate: bid n (from 0) is due n / rate seconds after the
 * start, whatever the replies do, so queueing shows in the latencies instead of slowing the
 * sender (no coordinated omission). A timer every few milliseconds sends however many are due
 * by then, counted from the elapsed time, so the schedule cannot drift; how late each send left
 * against its due time is the generator's own lag, recorded for the report.
 */
import { Latencies, type LatencySummary } from '../harness/latency.js';

/** Bids in a schedule of `seconds` at `ratePerSecond`. */
export const scheduledBids = (ratePerSecond: number, seconds: number) =>
  Math.max(0, Math.round(ratePerSecond * seconds));

/** When bid `n` is due, in milliseconds from the start. */
export const dueAtMs = (n: number, ratePerSecond: number) => (n * 1000) / ratePerSecond;

/** How many bids are due `elapsedMs` after the start (bid 0 at once), at most `total`. */
export function dueBy(elapsedMs: number, ratePerSecond: number, total: number): number {
  if (elapsedMs < 0 || total <= 0) return 0;
  // The small allowance keeps a bid due exactly now from being lost to floating point.
  const due = Math.floor((elapsedMs * ratePerSecond) / 1000 + 1e-9) + 1;
  return Math.min(total, due);
}

/** The timer's default period: no shorter than the rate needs, within 2–5 ms. */
export const tickFor = (ratePerSecond: number) => Math.min(5, Math.max(2, 1000 / ratePerSecond));

/** A send that leaves later than this behind its due time counts as late. */
export const LATE_MS = 10;

export interface OpenLoopOptions {
  readonly ratePerSecond: number;
  readonly seconds: number;
  /** The timer's period (default: one bid's interval, within 2–5 ms). */
  readonly tickMs?: number;
  /**
   * Sends bid `n`; called in order, once each, as soon as the timer finds it due. `dueAt` is
   * when it was due, on the `now` clock: a latency timed from it includes the generator's own
   * lag (no coordinated omission).
   */
  readonly send: (n: number, dueAt: number) => void;
  /** Asked every tick: true ends the schedule early (a give-up, an overload). */
  readonly shouldStop?: () => boolean;
  /** The clock, in milliseconds (default performance.now). */
  readonly now?: () => number;
}

export interface OpenLoopResult {
  readonly scheduled: number;
  readonly sent: number;
  readonly stoppedEarly: boolean;
  /** From the start to the last send. */
  readonly elapsedMs: number;
  /** How far behind its due time each send left. */
  readonly behind: LatencySummary;
  /** Sends that left more than LATE_MS behind. */
  readonly lateSends: number;
}

export function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const total = scheduledBids(o.ratePerSecond, o.seconds);
  const behind = new Latencies();
  let lateSends = 0;
  let sent = 0;
  const now = o.now ?? (() => performance.now());
  const began = now();
  return new Promise((resolve) => {
    const finish = (stoppedEarly: boolean) => {
      clearInterval(timer);
      resolve({
        scheduled: total,
        sent,
        stoppedEarly,
        elapsedMs: now() - began,
        behind: behind.summary(),
        lateSends,
      });
    };
    const tick = () => {
      if (o.shouldStop?.()) return finish(true);
      const due = dueBy(now() - began, o.ratePerSecond, total);
      while (sent < due) {
        const dueAt = began + dueAtMs(sent, o.ratePerSecond);
        const late = now() - dueAt;
        behind.record(Math.max(0, late));
        if (late > LATE_MS) lateSends += 1;
        o.send(sent, dueAt);
        sent += 1;
      }
      if (sent >= total) finish(false);
    };
    const timer = setInterval(tick, o.tickMs ?? tickFor(o.ratePerSecond));
    tick();
  });
}
