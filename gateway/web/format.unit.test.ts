/** The page's countdown: days for long auctions, minutes and seconds near the end. */
import { describe, expect, it } from 'vitest';

// A browser module (plain JS): imported by URL so that the type checker leaves it alone.
const { countdown } = (await import(new URL('./format.js', import.meta.url).href)) as {
  countdown: (endsAt: string, now?: number) => string;
};

const NOW = Date.UTC(2030, 0, 1);
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

describe('countdown', () => {
  it.each([
    [0, 'closing…'],
    [-5, 'closing…'],
    [9, '0m 09s'],
    [4 * 60 + 9, '4m 09s'],
    [2 * 3600 + 5 * 60 + 9, '2h 05m 09s'],
    [86_400 + 4 * 3600 + 10 * 60 + 30, '1d 4h 10m'],
    // The report: 875999h 59m 29s is a century away, in days.
    [875_999 * 3600 + 59 * 60 + 29, '36499d 23h 59m'],
  ])('%i s left reads %s', (seconds, expected) => {
    expect(countdown(at(seconds), NOW)).toBe(expected);
  });

  it('says nothing for an end it cannot read', () => {
    expect(countdown('not a date', NOW)).toBe('');
  });
});
