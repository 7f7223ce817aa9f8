/**
 * The page's sentences: every problem code the API can answer (the rules' table in
 * gateway/http/rejection-problems.ts and the gateway's own codes) has one, and what reaches people is a sentence,
 * never a code or a pattern.
 */
import { describe, expect, it } from 'vitest';
import { REFUSALS } from '../http/rejection-problems.js';
import { USER_ID_RULE } from '../access/user-id.js';

interface Messages {
  PROBLEM_SENTENCES: Record<string, string>;
  humanProblem: (problem: unknown, status: number) => string;
  termsProblem: (
    problem: unknown,
    status: number,
    terms: Record<string, number | undefined>,
    money: (cents: number) => string,
  ) => string;
}
// A browser module (plain JS): imported by URL so that the type checker leaves it alone.
const { PROBLEM_SENTENCES, humanProblem, termsProblem } = (await import(
  new URL('./messages.js', import.meta.url).href
)) as Messages;

const GATEWAY_CODES = [
  'unauthorized',
  'rate_limited',
  'unavailable',
  'internal',
  'no_such_route',
  'user_not_found',
  'invalid_body',
  'invalid_query',
  'invalid_path',
  'malformed_path',
  'malformed_json',
  'malformed_request',
  'unreadable_body',
  'body_too_large',
  'unsupported_encoding',
  'unsupported_media_type',
  'headers_too_large',
  'request_timeout',
  'missing_idempotency_key',
  'invalid_idempotency_key',
  'idempotency_key_reused',
  'watchlist_full',
];

describe('the page’s messages', () => {
  it.each([...Object.keys(REFUSALS), ...GATEWAY_CODES])('has a sentence for %s', (code) => {
    expect(PROBLEM_SENTENCES[code]).toMatch(/^[A-Z].*[.…]$/);
    expect(humanProblem({ code }, 400)).not.toContain(code);
  });

  it('shows a refusal’s own detail, as the API wrote it for people', () => {
    expect(
      humanProblem(
        {
          code: 'below_minimum_increment',
          detail: 'The bid must be at least 12.50: the price plus one increment.',
        },
        422,
      ),
    ).toBe('The bid must be at least 12.50: the price plus one increment.');
  });

  it('names the field in words, and never shows the user id rule', () => {
    expect(
      humanProblem(
        {
          code: 'invalid_body',
          field: 'startingPrice',
          detail: 'startingPrice: must be a decimal amount such as "12.50"',
        },
        400,
      ),
    ).toBe('The starting price must be a decimal amount such as "12.50".');
    const name = humanProblem(
      {
        code: 'invalid_body',
        field: 'userId',
        detail: `userId: must be a user id: ${USER_ID_RULE}`,
      },
      400,
    );
    expect(name).toMatch(/^Your name can have up to 64 letters/);
    expect(name).not.toContain('NFC');
  });

  it('says a refused term beside its field in dollars, never in cent names', () => {
    const refusal = (field: string) => ({
      code: 'invalid_command',
      field,
      detail: `${field}Cents must be whole cents, at least startingPriceCents`,
    });
    const terms = { startingPriceCents: 2000, reservePriceCents: 1000, buyNowPriceCents: 1500 };
    const dollars = (c: number) => `$${(c / 100).toFixed(2)}`;
    expect(termsProblem(refusal('reservePrice'), 422, terms, dollars)).toBe(
      'The reserve price must be at least the starting price, $20.00.',
    );
    expect(termsProblem(refusal('buyNowPrice'), 422, terms, dollars)).toBe(
      'The buy-now price must be at least the starting price, $20.00.',
    );
    expect(
      termsProblem(
        refusal('buyNowPrice'),
        422,
        { startingPriceCents: 1000, reservePriceCents: 3000, buyNowPriceCents: 2000 },
        dollars,
      ),
    ).toBe('The buy-now price must be at least the reserve price, $30.00.');
    // Another field: its name as the form says it, the cent names kept off the screen.
    expect(humanProblem(refusal('durationSeconds'), 422)).toBe(
      'The duration is not valid for an auction.',
    );
    // A detail written for people (major units) is said with the form's name for the field.
    expect(
      humanProblem(
        {
          code: 'invalid_command',
          field: 'reservePrice',
          detail: 'reservePrice must be at least 20.00 USD',
        },
        422,
      ),
    ).toBe('The reserve price must be at least 20.00 USD.');
  });

  it('keeps a detail that looks like a pattern off the screen', () => {
    const text = humanProblem(
      { code: 'invalid_body', field: 'title', detail: 'title: must match /^[\\p{L}]+$/u' },
      400,
    );
    expect(text).toBe(PROBLEM_SENTENCES.invalid_body);
  });
});

type Notification = Record<string, unknown> & { kind: string };
const { notificationText } = (await import(new URL('./messages.js', import.meta.url).href)) as {
  notificationText: (m: Notification, title: string, money: (c: number) => string) => string;
};

describe('notificationText', () => {
  const money = (cents: number) => `¤${(cents / 100).toFixed(2)}`;
  const say = (m: Notification) => notificationText(m, 'Leica', money);

  it("says the gateway's sentence for every kind, in the page's money and with a full stop", () => {
    expect(say({ kind: 'outbid', visiblePriceCents: 4100 })).toBe(
      'You were outbid on Leica: now ¤41.00.',
    );
    expect(say({ kind: 'won', priceCents: 1000 })).toBe('You won Leica for ¤10.00.');
    expect(say({ kind: 'lost', priceCents: 1200, outcome: 'sold' })).toBe(
      'You did not win Leica: it sold for ¤12.00.',
    );
    expect(say({ kind: 'lost', priceCents: null, outcome: 'reserve_not_met' })).toBe(
      'Leica closed without a sale: the reserve was not met.',
    );
    expect(say({ kind: 'sold', priceCents: 1000, winnerId: 'dana' })).toBe(
      'Your Leica sold to d***a for ¤10.00.',
    );
    expect(say({ kind: 'new_bid', visiblePriceCents: 1100 })).toBe('New bid on Leica: ¤11.00.');
    expect(say({ kind: 'unsold', outcome: 'no_bids' })).toBe(
      'Your Leica did not sell: there was no bid.',
    );
    expect(say({ kind: 'closed', priceCents: 900, outcome: 'sold' })).toBe('Leica sold for ¤9.00.');
    expect(say({ kind: 'cancelled' })).toBe('Leica was cancelled by its seller.');
  });

  it('says the time of an extension in local time, from the ISO text GET /me/notifications gives', () => {
    const at = '2030-01-01T12:05:00.000Z';
    // The page's one date format (medium date, short time), in this machine's time zone.
    expect(say({ kind: 'extended', newEndsAt: at })).toMatch(
      /^Leica was extended: it now ends at Jan 1, 2030, \d{1,2}:\d{2}\s[AP]M\.$/,
    );
  });
});
