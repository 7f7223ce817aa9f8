/** What a WebSocket client may send: bids and buy-nows carry the same fields as over HTTP. */
import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './client-messages.js';

const auctionId = '00000000-0000-4000-8000-000000000000';

describe('parseClientMessage', () => {
  it('takes a buy_now with its auction, Idempotency-Key and request id', () => {
    const parsed = parseClientMessage(
      JSON.stringify({ type: 'buy_now', auctionId, idempotencyKey: 'k-1', requestId: 'r-1' }),
    );
    expect(parsed).toEqual({
      ok: true,
      message: { type: 'buy_now', auctionId, idempotencyKey: 'k-1', requestId: 'r-1' },
    });
  });

  it('refuses a buy_now without a key, or with an amount', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'buy_now', auctionId }))).toMatchObject({
      ok: false,
      detail: expect.stringContaining('idempotencyKey') as string,
    });
    const withAmount = { type: 'buy_now', auctionId, idempotencyKey: 'k', maxAmount: '5' };
    expect(parseClientMessage(JSON.stringify(withAmount))).toMatchObject({ ok: false });
  });

  it('turns a bid’s amount into cents', () => {
    const bid = { type: 'bid', auctionId, maxAmount: '12.50', idempotencyKey: 'k-2' };
    expect(parseClientMessage(JSON.stringify(bid))).toMatchObject({ ok: true, cents: 1250 });
  });
});
