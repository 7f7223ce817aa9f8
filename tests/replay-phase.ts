/**
 * Pieces of a fault phase shared by the fault tiers: recorded eBay auctions opened for a run,
 * waits with a deadline, an auction's final view once it has closed, the check that every event
 * was published once, and the figures' report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaMessage } from 'kafkajs';
import { expect } from 'vitest';
import type { LoggedAuction } from '../perf/load/bid-log.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { newCounters, untilAnswered } from './fault-load.js';
import type { client } from './http.js';

/** Polls `condition` every 100 ms until it holds; fails naming `what` after `ms`. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  ms = 60_000,
) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Opens each recorded auction for this run (its item id made unique by `run`), from `startsAt`
 * for `openMs`, its seller named after the recording.
 */
export async function openRecordedAuctions(
  call: ReturnType<typeof client>,
  slice: readonly LoggedAuction[],
  options: { readonly startsAt: number; readonly openMs: number; readonly run: string },
) {
  return Promise.all(
    slice.map(async (logged) => {
      const reply = await call('POST', '/auctions?wait=20000', {
        user: `seller-${logged.sourceId}`,
        json: {
          itemId: `${logged.sourceId}-${options.run}`,
          title: logged.item,
          startingPrice: logged.startingPrice,
          startsAt: new Date(options.startsAt).toISOString(),
          endsAt: new Date(options.startsAt + options.openMs).toISOString(),
        },
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return { logged, auctionId: String(reply.body.auctionId) };
    }),
  );
}

/** The auction's view once it is no longer open (asked again through any outage). */
export async function untilClosed(call: ReturnType<typeof client>, auctionId: string) {
  const counters = newCounters();
  for (;;) {
    const reply = await untilAnswered(call, counters, 'GET', `/auctions/${auctionId}`);
    if (reply.body.status !== 'open') return reply.body;
    await sleep(250);
  }
}

/**
 * Each of `auctionIds` has events on the topic, numbered 1..n with one event id per number:
 * none lost, none published twice. `messages` are the events topic's records.
 */
export function expectEveryEventOnce(
  messages: readonly { readonly message: KafkaMessage }[],
  auctionIds: readonly string[],
) {
  const wanted = new Set(auctionIds);
  const byAuction = new Map<string, Map<number, Set<string>>>();
  for (const { message } of messages) {
    const e = JSON.parse(String(message.value)) as {
      auctionId: string;
      sequence: number;
      eventId: string;
    };
    if (!wanted.has(e.auctionId)) continue;
    const sequences = byAuction.get(e.auctionId) ?? new Map<number, Set<string>>();
    sequences.set(e.sequence, (sequences.get(e.sequence) ?? new Set()).add(e.eventId));
    byAuction.set(e.auctionId, sequences);
  }
  for (const id of auctionIds) {
    const sequences = byAuction.get(id);
    expect(sequences, `events of ${id}`).toBeDefined();
    const numbers = [...sequences!.keys()].sort((a, b) => a - b);
    expect(numbers, `event sequence of ${id}`).toEqual(numbers.map((_, i) => i + 1));
    for (const ids of sequences!.values()) expect(ids.size, `event ids of ${id}`).toBe(1);
  }
}

/** Prints a fault tier's figures as a table and keeps them in test-results/<name>.json. */
export function reportFigures(name: string, rows: readonly object[]) {
  if (rows.length === 0) return;
  console.table(rows);
  mkdirSync(path.join(PROJECT_ROOT, 'test-results'), { recursive: true });
  writeFileSync(
    path.join(PROJECT_ROOT, 'test-results', `${name}.json`),
    JSON.stringify(rows, null, 2),
  );
}
