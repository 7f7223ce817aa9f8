/**
 * Pieces of a fault phase shared by the fault tiers: recorded eBay auctions opened for a run,
 * waits with a deadline, and an auction's final view once it has closed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { LoggedAuction } from '../perf/load/bid-log.js';
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
