/** Money in a request body: a padded amount is refused as a 400 naming the field. */
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_CENTS } from '../../processors/domain/money.js';
import { ApiError } from './problems.js';
import { createAuctionBody, parse, placeBidBody } from './requests.js';

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('money in a body', () => {
  it.each(['  12.00\n', '12.00 ', '\n12.00'])(
    'refuses the bid amount %j, naming maxAmount',
    (maxAmount) => {
      const error = refusal(() => parse(placeBidBody, { maxAmount }, 'body'));
      expect(error.status).toBe(400);
      expect(error.code).toBe('invalid_body');
      expect(error.extra.field).toBe('maxAmount');
      expect(error.message).toBe(
        'maxAmount: must be written without spaces or line breaks around it',
      );
    },
  );

  it('names the padded price of a new auction', () => {
    const body = {
      itemId: 'watch-1',
      title: 'A watch',
      startingPrice: '10.00',
      reservePrice: ' 20.00',
    };
    expect(refusal(() => parse(createAuctionBody, body, 'body')).extra.field).toBe('reservePrice');
  });

  it('still reads an amount written plainly', () => {
    expect(parse(placeBidBody, { maxAmount: '12.00' }, 'body')).toEqual({ maxAmount: 1200 });
  });
});

describe('hidden characters in names and ids (issue 22 §4)', () => {
  const auction = { itemId: 'watch-1', title: 'A watch', startingPrice: '10.00' };
  const hostile: readonly [string, string, string][] = [
    ['a right-to-left override', '\u202E', 'U+202E'],
    ['a left-to-right isolate', '\u2066', 'U+2066'],
    ['a zero-width space', '\u200B', 'U+200B'],
    ['a zero-width non-joiner', '\u200C', 'U+200C'],
    ['a zero-width joiner', '\u200D', 'U+200D'],
    ['a word joiner', '\u2060', 'U+2060'],
    ['a byte-order mark inside', '\uFEFF', 'U+FEFF'],
    ['a line separator', '\u2028', 'U+2028'],
    ['the non-character U+FDD0', '\uFDD0', 'U+FDD0'],
    ['the non-character U+FDEF', '\uFDEF', 'U+FDEF'],
    ['the non-character U+FFFE', '\uFFFE', 'U+FFFE'],
    ['the non-character U+FFFF', '\uFFFF', 'U+FFFF'],
    ['the non-character U+1FFFE', '\u{1FFFE}', 'U+1FFFE'],
    ['the non-character U+10FFFF', '\u{10FFFF}', 'U+10FFFF'],
  ];
  for (const field of ['title', 'itemId', 'externalRef'] as const)
    it.each(hostile)(
      `refuses a ${field} with %s, naming ${field} and the character`,
      (_l, c, name) => {
        const body = { ...auction, [field]: `Cartier${c}watch` };
        const error = refusal(() => parse(createAuctionBody, body, 'body'));
        expect([error.status, error.code, error.extra.field]).toEqual([400, 'invalid_body', field]);
        expect(error.message).toContain(name);
      },
    );

  it.each(['Zoë’s «montre» — 1950', '山田の時計', 'Uhr für 10 €', 'fiancée ✓', 'x'.repeat(300)])(
    'still takes the title %j',
    (title) => {
      expect(parse(createAuctionBody, { ...auction, title }, 'body').title).toBe(title);
    },
  );
});

describe('the largest amount', () => {
  it('is the same for the API (twelve digits, two decimals) and the domain’s rules', () => {
    expect(parse(placeBidBody, { maxAmount: '999999999999.99' }, 'body').maxAmount).toBe(
      MAX_AMOUNT_CENTS,
    );
    expect(
      refusal(() => parse(placeBidBody, { maxAmount: '1000000000000.00' }, 'body')).message,
    ).toBe('maxAmount: is too large');
  });
});
