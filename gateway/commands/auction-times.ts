/**
 * An auction's start and end as the gateway accepts them: the start within AUCTION_START_SKEW_SECONDS
 * in the past (default 300) and at most AUCTION_MAX_START_AHEAD_DAYS ahead (default 365), the end
 * after the start, in the future, and at most AUCTION_MAX_DURATION_DAYS after the start (default
 * 30). Anything else is a 400 naming the field, before anything is written: a date the store
 * cannot hold (year 9999, year 0) never reaches the processor. Pure; the clock is an input.
 */
import type { AuctionBounds } from '../config/limits-config.js';
import { badRequest } from '../http/problems.js';

const DAY_MS = 24 * 3600 * 1000;

export interface RequestedTimes {
  readonly startsAt?: string | undefined;
  readonly endsAt?: string | undefined;
  readonly durationSeconds?: number | undefined;
}

const refuse = (field: string, message: string) =>
  badRequest('invalid_body', `${field}: ${message}`, field);

export function auctionTimes(
  requested: RequestedTimes,
  now: number,
  bounds: AuctionBounds,
): { startsAt: number; endsAt: number } {
  const startsAt = requested.startsAt === undefined ? now : Date.parse(requested.startsAt);
  if (!Number.isFinite(startsAt)) throw refuse('startsAt', 'is not a date');
  if (startsAt < now - bounds.startSkewSeconds * 1000)
    throw refuse(
      'startsAt',
      `must not lie more than ${bounds.startSkewSeconds} s in the past (AUCTION_START_SKEW_SECONDS)`,
    );
  if (startsAt > now + bounds.maxStartAheadDays * DAY_MS)
    throw refuse(
      'startsAt',
      `must be at most ${bounds.maxStartAheadDays} days ahead (AUCTION_MAX_START_AHEAD_DAYS)`,
    );

  if (requested.endsAt !== undefined && requested.durationSeconds !== undefined)
    throw refuse('endsAt', 'give either endsAt or durationSeconds, not both');
  const maxMs = bounds.maxDurationDays * DAY_MS;
  const tooLong = `must be at most ${bounds.maxDurationDays} days after the start (AUCTION_MAX_DURATION_DAYS)`;
  let endsAt: number;
  if (requested.durationSeconds !== undefined) {
    if (requested.durationSeconds * 1000 > maxMs) throw refuse('durationSeconds', tooLong);
    endsAt = startsAt + requested.durationSeconds * 1000;
  } else if (requested.endsAt !== undefined) {
    endsAt = Date.parse(requested.endsAt);
    if (!Number.isFinite(endsAt)) throw refuse('endsAt', 'is not a date');
    if (endsAt - startsAt > maxMs) throw refuse('endsAt', tooLong);
  } else {
    throw refuse('endsAt', 'endsAt or durationSeconds is required');
  }
  if (endsAt <= startsAt) throw refuse('endsAt', 'must be after startsAt');
  if (endsAt <= now) throw refuse('endsAt', 'must be in the future');
  return { startsAt, endsAt };
}
