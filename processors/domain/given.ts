/** Test helpers: given past events, when a command, then events. Used by the *.unit.test.ts files. */
import type { AuctionCommand, CreateAuction } from './commands.js';
import { decide } from './decide.js';
import type { AuctionEvent } from './events.js';
import { evolve } from './evolve.js';
import type { AuctionState } from './state.js';

export const T0 = Date.UTC(2026, 0, 1);
export const HOUR = 3_600_000;

export const created = (overrides: Partial<Omit<CreateAuction, 'type'>> = {}): AuctionEvent => ({
  type: 'AuctionCreated',
  auctionId: 'a-1',
  sellerId: 'seller',
  itemId: 'item-1',
  title: 'Cartier wristwatch',
  startingPriceCents: 9_900,
  startsAt: T0,
  endsAt: T0 + 72 * HOUR,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
  ...overrides,
});

export const fold = (events: readonly AuctionEvent[], initial?: AuctionState) =>
  events.reduce<AuctionState | undefined>(evolve, initial);

/** Decides `commands` one after another from the state `history` leads to; returns all events. */
export function run(history: readonly AuctionEvent[], ...commands: AuctionCommand[]) {
  let state = fold(history);
  const events: AuctionEvent[] = [];
  for (const command of commands) {
    const decided = decide(command, state, T0);
    events.push(...decided);
    state = fold(decided, state);
  }
  return { events, state };
}

let counter = 0;
export const bid = (
  bidderId: string,
  maxAmountCents: number,
  placedAt = T0 + HOUR,
): AuctionCommand => ({
  type: 'PlaceBid',
  auctionId: 'a-1',
  bidId: `bid-${++counter}`,
  bidderId,
  maxAmountCents,
  placedAt,
});

export const close = (requestedAt: number): AuctionCommand => ({
  type: 'CloseAuction',
  auctionId: 'a-1',
  requestedAt,
});
