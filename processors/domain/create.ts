/** CreateAuction: an auction exists once, and only with terms the other rules can work with. */
import type { CreateAuction } from './commands.js';
import type { AuctionEvent } from './events.js';
import { describeIncrementTableError, isCents, validateIncrementTable } from './money.js';
import { commandRejected } from './rejections.js';
import type { AuctionState } from './state.js';

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value);

/** The first unusable term, as a sentence naming its field; undefined when all are fine. */
export function createProblem(c: CreateAuction): string | undefined {
  if (!isCents(c.startingPriceCents) || c.startingPriceCents < 1)
    return 'startingPriceCents must be whole cents, at least 1';
  // Below the starting price a reserve would be met by any bid, and a buy-now would undercut it.
  if (
    c.reservePriceCents !== undefined &&
    (!isCents(c.reservePriceCents) || c.reservePriceCents < c.startingPriceCents)
  )
    return 'reservePriceCents must be whole cents, at least startingPriceCents';
  if (
    c.buyNowPriceCents !== undefined &&
    (!isCents(c.buyNowPriceCents) || c.buyNowPriceCents < c.startingPriceCents)
  )
    return 'buyNowPriceCents must be whole cents, at least startingPriceCents';
  if (!isTime(c.startsAt)) return 'startsAt must be whole epoch milliseconds';
  if (!isTime(c.endsAt) || c.endsAt <= c.startsAt) return 'endsAt must be after startsAt';
  if (!isCents(c.antiSnipingWindowMs))
    return 'antiSnipingWindowMs must be whole, non-negative milliseconds';
  if (!isCents(c.antiSnipingExtensionMs))
    return 'antiSnipingExtensionMs must be whole, non-negative milliseconds';
  if (c.incrementTable !== undefined) {
    const error = validateIncrementTable(c.incrementTable);
    if (error) return describeIncrementTableError(error);
  }
  return undefined;
}

export function decideCreate(
  command: CreateAuction,
  state: AuctionState | undefined,
): AuctionEvent[] {
  if (state) return commandRejected(command.auctionId, 'auction_already_exists');
  const problem = createProblem(command);
  if (problem) return commandRejected(command.auctionId, 'invalid_command', problem);
  const { type: _type, ...terms } = command;
  return [{ ...terms, type: 'AuctionCreated' }];
}
