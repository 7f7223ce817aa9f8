/**
 * CreateAuction: an auction exists once, and only with terms the other rules can work with; a
 * seller has at most one open auction of an item.
 */
import type { CreateAuction } from './commands.js';
import type { AuctionEvent } from './events.js';
import {
  firstProblem,
  idProblem,
  MAX_TITLE_LENGTH,
  textProblem,
  timeProblem,
  type AuctionLimits,
} from './limits.js';
import {
  describeIncrementTableError,
  isCents,
  MAX_AMOUNT_CENTS,
  stepWithoutRoom,
  validateIncrementTable,
} from './money.js';
import { commandRejected } from './rejections.js';
import type { DecisionContext } from './decide.js';
import type { AuctionDeciderState } from './state.js';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const days = (ms: number) => `${Math.round(ms / 86_400_000)} days`;
/** Whole cents the API could have sent: at most the largest amount it takes. */
const isAmount = (value: unknown): value is number => isCents(value) && value <= MAX_AMOUNT_CENTS;

/** Every string of the auction is stored: none may be empty, overlong or hold control characters. */
const textsProblem = (c: CreateAuction) =>
  firstProblem(
    idProblem('auctionId', c.auctionId),
    idProblem('sellerId', c.sellerId),
    idProblem('itemId', c.itemId),
    textProblem('title', c.title, MAX_TITLE_LENGTH),
    c.externalRef === undefined ? undefined : idProblem('externalRef', c.externalRef),
  );

/** Start near `now` (the processor's clock), end after it and within the longest duration. */
function timesProblem(c: CreateAuction, now: number, limits: AuctionLimits) {
  const start = timeProblem('startsAt', c.startsAt);
  if (start) return start;
  if (c.startsAt < now - limits.startSkewMs)
    return `startsAt must not be more than ${seconds(limits.startSkewMs)} in the past`;
  if (c.startsAt > now + limits.maxStartAheadMs)
    return `startsAt must be at most ${days(limits.maxStartAheadMs)} ahead`;
  const end = timeProblem('endsAt', c.endsAt);
  if (end) return end;
  if (c.endsAt <= c.startsAt) return 'endsAt must be after startsAt';
  if (c.endsAt - c.startsAt > limits.maxDurationMs)
    return `endsAt must be at most ${days(limits.maxDurationMs)} after startsAt`;
  return undefined;
}

/** The first unusable term, as a sentence naming its field; undefined when all are fine. */
export function createProblem(
  c: CreateAuction,
  now: number,
  limits: AuctionLimits,
): string | undefined {
  const texts = textsProblem(c);
  if (texts) return texts;
  if (!isAmount(c.startingPriceCents) || c.startingPriceCents < 1)
    return `startingPriceCents must be whole cents, 1 to ${MAX_AMOUNT_CENTS}`;
  // Below the starting price a reserve would be met by any bid, and a buy-now would undercut it.
  if (
    c.reservePriceCents !== undefined &&
    (!isAmount(c.reservePriceCents) || c.reservePriceCents < c.startingPriceCents)
  )
    return `reservePriceCents must be whole cents, at least startingPriceCents and at most ${MAX_AMOUNT_CENTS}`;
  if (
    c.buyNowPriceCents !== undefined &&
    (!isAmount(c.buyNowPriceCents) || c.buyNowPriceCents < c.startingPriceCents)
  )
    return `buyNowPriceCents must be whole cents, at least startingPriceCents and at most ${MAX_AMOUNT_CENTS}`;
  // A buyer could take the item at once for less than the seller said they would sell it for.
  if (
    c.buyNowPriceCents !== undefined &&
    c.reservePriceCents !== undefined &&
    c.buyNowPriceCents < c.reservePriceCents
  )
    return 'buyNowPriceCents must be at least reservePriceCents: a buy-now below the reserve would sell for less than it';
  const times = timesProblem(c, now, limits);
  if (times) return times;
  // Longer soft-close terms would let late bids push the end past what the store can hold.
  if (!isCents(c.antiSnipingWindowMs) || c.antiSnipingWindowMs > limits.maxDurationMs)
    return `antiSnipingWindowMs must be whole milliseconds, 0 to ${days(limits.maxDurationMs)}`;
  if (!isCents(c.antiSnipingExtensionMs) || c.antiSnipingExtensionMs > limits.maxDurationMs)
    return `antiSnipingExtensionMs must be whole milliseconds, 0 to ${days(limits.maxDurationMs)}`;
  if (c.incrementTable !== undefined) {
    const error = validateIncrementTable(c.incrementTable);
    if (error) return describeIncrementTableError(error);
    // An increment that puts the next minimum bid above every amount ends the bidding there.
    const step = stepWithoutRoom(c.incrementTable, c.startingPriceCents);
    if (step !== undefined)
      return `incrementTable[${step}].incrementCents is too large: from the first price it applies to, the next minimum bid would be above the largest amount (${MAX_AMOUNT_CENTS} cents)`;
  }
  return undefined;
}

export function decideCreate(
  command: CreateAuction,
  state: AuctionDeciderState,
  { now, limits, itemHasOpenAuction }: DecisionContext,
): AuctionEvent[] {
  if (state.status !== 'not_created')
    return commandRejected(command.auctionId, 'auction_already_exists');
  // One open auction per item and seller: a relisting waits until the last one closes or is cancelled.
  if (itemHasOpenAuction)
    return commandRejected(
      command.auctionId,
      'item_has_open_auction',
      `item ${command.itemId} already has an open auction of this seller`,
    );
  const problem = createProblem(command, now, limits);
  if (problem) return commandRejected(command.auctionId, 'invalid_command', problem);
  const { type: _type, ...terms } = command;
  return [{ ...terms, type: 'AuctionCreated' }];
}
