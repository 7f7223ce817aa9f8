/** Start and end bounds: refused with a 400 naming the field, before anything is written. */
import { describe, expect, it } from 'vitest';
import { auctionTimes, type RequestedTimes } from './auction-times.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const bounds = { startSkewSeconds: 300, maxStartAheadDays: 365, maxDurationDays: 30 };
const DAY = 24 * 3600;
const iso = (ms: number) => new Date(ms).toISOString();

function refusal(requested: RequestedTimes) {
  try {
    auctionTimes(requested, NOW, bounds);
  } catch (error) {
    return error as { status: number; code: string; extra: { field?: string } };
  }
  throw new Error('accepted');
}

describe('auctionTimes', () => {
  it('starts now by default and ends after the duration', () => {
    expect(auctionTimes({ durationSeconds: 60 }, NOW, bounds)).toEqual({
      startsAt: NOW,
      endsAt: NOW + 60_000,
    });
  });

  it('accepts a start a little in the past (clock skew) and up to a year ahead', () => {
    const late = auctionTimes({ startsAt: iso(NOW - 300_000), durationSeconds: 3600 }, NOW, bounds);
    expect(late.startsAt).toBe(NOW - 300_000);
    const ahead = NOW + 365 * DAY * 1000;
    expect(auctionTimes({ startsAt: iso(ahead), durationSeconds: 30 * DAY }, NOW, bounds)).toEqual({
      startsAt: ahead,
      endsAt: ahead + 30 * DAY * 1000,
    });
  });

  it.each([
    ['year 9999', { startsAt: '9999-12-31T23:59:59Z', durationSeconds: 60 }, 'startsAt'],
    ['year 0', { startsAt: '0000-01-01T00:00:00Z', durationSeconds: 60 }, 'startsAt'],
    ['past the skew', { startsAt: iso(NOW - 301_000), durationSeconds: 3600 }, 'startsAt'],
    [
      'over a year ahead',
      { startsAt: iso(NOW + 366 * DAY * 1000), durationSeconds: 60 },
      'startsAt',
    ],
    ['endsAt in year 9999', { endsAt: '9999-12-31T23:59:59Z' }, 'endsAt'],
    ['endsAt past the maximum duration', { endsAt: iso(NOW + 30 * DAY * 1000 + 1000) }, 'endsAt'],
    ['a duration past the maximum', { durationSeconds: 30 * DAY + 1 }, 'durationSeconds'],
    [
      'an end before the start',
      { startsAt: iso(NOW + 60_000), endsAt: iso(NOW + 30_000) },
      'endsAt',
    ],
    ['an end in the past', { startsAt: iso(NOW - 200_000), endsAt: iso(NOW - 100_000) }, 'endsAt'],
    ['both endsAt and duration', { endsAt: iso(NOW + 60_000), durationSeconds: 60 }, 'endsAt'],
    ['neither endsAt nor duration', {}, 'endsAt'],
  ])('refuses %s with 400 naming %s', (_label, requested, field) => {
    expect(refusal(requested)).toMatchObject({
      status: 400,
      code: 'invalid_body',
      extra: { field },
    });
  });

  it('follows the configured bounds', () => {
    const strict = { startSkewSeconds: 0, maxStartAheadDays: 1, maxDurationDays: 1 };
    expect(() => auctionTimes({ durationSeconds: DAY }, NOW, strict)).not.toThrow();
    expect(() => auctionTimes({ durationSeconds: DAY + 1 }, NOW, strict)).toThrow();
    expect(() =>
      auctionTimes({ startsAt: iso(NOW - 1000), durationSeconds: 60 }, NOW, strict),
    ).toThrow();
  });
});
