/**
 * Open-loop send schedules: a flat rate, then a sniping burst over the last seconds in which the
 * rate rises roughly as 1 / (time left), capped at `maxBoost` times the base rate. Pure.
 */
export interface ScheduleOptions {
  readonly ratePerSecond: number;
  readonly seconds: number;
  /** The length of the burst at the end (0: a flat rate). */
  readonly snipeSeconds: number;
  /** The highest multiple of the base rate the burst reaches. */
  readonly maxBoost: number;
}

/** The rate at `t` seconds into the run. */
export function rateAt(t: number, o: ScheduleOptions): number {
  const left = o.seconds - t;
  if (o.snipeSeconds <= 0 || left > o.snipeSeconds) return o.ratePerSecond;
  return o.ratePerSecond * Math.min(o.maxBoost, o.snipeSeconds / Math.max(left, 1e-3));
}

/** Send times in milliseconds from the start, in order. */
export function sendTimes(o: ScheduleOptions): number[] {
  const times: number[] = [];
  for (let t = 0; t < o.seconds; t += 1 / rateAt(t, o)) times.push(Math.round(t * 1000));
  return times;
}
