import { describe, expect, it } from 'vitest';
import { nextPageUrl, page } from './paging.js';

describe('nextPageUrl', () => {
  it('moves the offset on by the limit and keeps the rest of the query', () => {
    expect(
      nextPageUrl(
        '/auctions',
        { status: 'open', q: 'red watch', offset: '0' },
        { limit: 2, offset: 0 },
        5,
      ),
    ).toBe('/auctions?status=open&q=red+watch&limit=2&offset=2');
  });

  it('is null on the last page, full or not', () => {
    expect(nextPageUrl('/auctions', {}, { limit: 2, offset: 4 }, 5)).toBeNull();
    expect(nextPageUrl('/auctions', {}, { limit: 2, offset: 2 }, 4)).toBeNull();
    expect(nextPageUrl('/auctions', {}, { limit: 2, offset: 0 }, 0)).toBeNull();
  });

  it('names the page after a short first one', () => {
    expect(nextPageUrl('/me/bids', {}, { limit: 20, offset: 0 }, 21)).toBe(
      '/me/bids?limit=20&offset=20',
    );
  });
});

describe('page', () => {
  it('answers the items with total, limit, offset and next', () => {
    expect(page(['a'], 3, { limit: 1, offset: 1 }, '/me/bids', {})).toEqual({
      items: ['a'],
      total: 3,
      limit: 1,
      offset: 1,
      next: '/me/bids?limit=1&offset=2',
    });
  });
});
