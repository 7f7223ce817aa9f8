/** Money in a request body: a padded amount is refused as a 400 naming the field. */
import { describe, expect, it } from 'vitest';
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
