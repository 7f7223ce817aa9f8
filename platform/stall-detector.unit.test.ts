import { describe, expect, it } from 'vitest';
import {
  initialStallState,
  isStalled,
  recordActivity,
  recordLag,
  type LagReading,
  type StallState,
} from './stall-detector.js';

const STALL_MS = 30_000;
const waiting: LagReading = { ok: true, lag: 12 };
const caughtUp: LagReading = { ok: true, lag: 0 };
const unreadable: LagReading = { ok: false };

/** Feeds one reading every 5 s from `from` to `to` (inclusive), as the watcher does. */
function readEvery5s(state: StallState, reading: LagReading, from: number, to: number) {
  let s = state;
  for (let t = from; t <= to; t += 5000) s = recordLag(s, reading, t);
  return s;
}

describe('stall detector', () => {
  it('calls a consumer stalled when messages waited on every reading and no batch ran for the whole time', () => {
    const state = readEvery5s(initialStallState(0), waiting, 5000, 35_000);
    expect(isStalled(state, 34_999, STALL_MS)).toBe(false);
    expect(isStalled(state, 35_000, STALL_MS)).toBe(true);
  });

  it('never calls an idle consumer stalled when nothing waits for it', () => {
    const state = readEvery5s(initialStallState(0), caughtUp, 5000, 600_000);
    expect(isStalled(state, 600_000, STALL_MS)).toBe(false);
  });

  it('does not call a busy consumer stalled, however long messages wait', () => {
    let state = initialStallState(0);
    for (let t = 5000; t <= 600_000; t += 5000) {
      state = recordActivity(recordLag(state, waiting, t), t);
      expect(isStalled(state, t, STALL_MS)).toBe(false);
    }
  });

  it('starts the waiting clock again when the lag falls to zero', () => {
    let state = readEvery5s(initialStallState(0), waiting, 5000, 25_000);
    state = recordLag(state, caughtUp, 30_000);
    state = readEvery5s(state, waiting, 35_000, 60_000);
    expect(isStalled(state, 60_000, STALL_MS)).toBe(false);
    expect(isStalled(recordLag(state, waiting, 65_000), 65_000, STALL_MS)).toBe(true);
  });

  it('gives a consumer a full period to reconnect after an outage made the lag unreadable', () => {
    // Kafka down from 5 s to 120 s: no batch, no reading. Then messages wait.
    let state = readEvery5s(initialStallState(0), unreadable, 5000, 120_000);
    state = readEvery5s(state, waiting, 125_000, 150_000);
    expect(isStalled(state, 150_000, STALL_MS)).toBe(false);
    expect(isStalled(recordLag(state, waiting, 155_000), 155_000, STALL_MS)).toBe(true);
  });

  it('counts a batch handled during the wait as progress', () => {
    let state = readEvery5s(initialStallState(0), waiting, 5000, 40_000);
    state = recordActivity(state, 40_000);
    expect(isStalled(state, 45_000, STALL_MS)).toBe(false);
    expect(isStalled(state, 70_000, STALL_MS)).toBe(true);
  });
});
