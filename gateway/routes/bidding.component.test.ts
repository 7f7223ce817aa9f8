/**
 * Bids and buy-now over HTTP, in this process: the pending and decided answers, every rejection
 * reason answered with the refusal table's status and body (the same whether the gateway refused
 * early or the processor decided), Idempotency-Key repeats and reuse, and the rate limit. The
 * expected answers are written out from the README and gateway/http/rejection-problems.ts's documented table.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PublishError } from '../../producers/command-publisher.js';
import { published, type CommandView } from '../testing/in-memory-ports.js';
import {
  BUY_NOW_50,
  CLOSED_UNSOLD,
  MINUTE,
  PROBLEM_JSON,
  NOW,
  aUuid,
  call,
  including,
  openAuction,
  startTestGateway,
  type Answer,
  type TestGateway,
} from '../testing/test-gateway.js';

const PLACED_AT = '2030-01-01T12:00:00.000Z';

/** The README's refusal table: status, title and the sentence a person reads, by reason. */
const TABLE = {
  auction_not_found: [404, 'Not Found', 'There is no such auction.'],
  seller_cannot_bid: [403, 'Forbidden', 'The seller cannot bid on or buy their own item.'],
  not_seller: [403, 'Forbidden', 'Only the seller can cancel an auction.'],
  auction_closed: [409, 'Conflict', 'The auction is closed or cancelled.'],
  auction_ended: [409, 'Conflict', 'The auction had ended when the bid was placed.'],
  not_started: [409, 'Conflict', 'The auction has not started yet.'],
  buy_now_unavailable: [
    409,
    'Conflict',
    'Buy-now is not available: it was not offered, a bid was accepted, or the auction takes no bids now.',
  ],
  has_bids: [409, 'Conflict', 'An auction with bids cannot be cancelled.'],
  auction_already_exists: [409, 'Conflict', 'An auction with this id already exists.'],
  item_has_open_auction: [409, 'Conflict', 'The seller already has an open auction of this item.'],
  below_starting_price: [422, 'Unprocessable Content', 'The bid is below the starting price.'],
  below_minimum_increment: [
    422,
    'Unprocessable Content',
    'The bid must beat the current price by at least one increment.',
  ],
  not_above_own_maximum: [
    422,
    'Unprocessable Content',
    'You lead already: a new maximum must be above your current one.',
  ],
  invalid_command: [
    422,
    'Unprocessable Content',
    'The request has a value the rules cannot work with.',
  ],
  unprocessable: [422, 'Unprocessable Content', 'The request has a value the store cannot hold.'],
} as const;
type Reason = keyof typeof TABLE;

let gw: TestGateway;
let seller: string;
let alice: string;
/**
 * A new auction for each test: the gateway keeps what it learnt of an auction in memory (its
 * directory), as it does in production, so one id must not change its facts between tests.
 */
let A1: string;
let keyNumber = 0;
const newKey = () => `key-${++keyNumber}`;

beforeAll(async () => {
  gw = await startTestGateway();
  seller = await gw.token('seller-1');
  alice = await gw.token('alice');
});
afterAll(() => gw.close());
beforeEach(() => {
  A1 = randomUUID();
  gw.world.auctions.clear();
  gw.world.bids.clear();
  gw.publisher.commands.length = 0;
  gw.publisher.onPublish = undefined;
});

/** Acting as the processor: every bid or buy-now published is decided at once. */
function decideEvery(outcome: { accepted: true } | { accepted: false; reason: string }) {
  gw.publisher.onPublish = (command: CommandView) => {
    const f = command.fields;
    gw.world.bids.set(String(f.bidId), {
      bidId: String(f.bidId),
      auctionId: command.auctionId,
      bidderId: String(f.issuedBy),
      accepted: outcome.accepted,
      reason: outcome.accepted ? null : outcome.reason,
      visiblePriceCents: 1500,
      visiblePrice: '15.00',
      leading: outcome.accepted,
      placedAt: new Date(Number(f.issuedAt)).toISOString(),
      kind: command.type === 'BuyNow' ? 'buy_now' : 'bid',
      maxAmountCents: command.type === 'BuyNow' ? null : Number(f.maxAmountCents),
    });
    if (outcome.accepted)
      // The view after the first bid: 15.00, the next bid 15.50 (eBay's 0.50), no buy-now.
      gw.world.put(
        openAuction(command.auctionId, {
          leaderId: String(f.issuedBy),
          bidCount: 1,
          visiblePriceCents: 1500,
          visiblePrice: '15.00',
          minimumNextBidCents: 1550,
          minimumNextBid: '15.50',
        }),
      );
  };
}

const bid = (maxAmount: unknown, key = newKey(), token = alice, query = '') =>
  call(gw, 'POST', `/auctions/${A1}/bids${query}`, {
    token,
    body: { maxAmount },
    headers: { 'idempotency-key': key },
  });

const buyNow = (key = newKey(), token = alice, query = '') =>
  call(gw, 'POST', `/auctions/${A1}/buy-now${query}`, {
    token,
    headers: { 'idempotency-key': key },
  });

/** What a refusal shares however it was found: the table's part of the body. */
const tablePart = (answer: Answer) => {
  const { type, title, status, code, detail } = answer.body as Record<string, unknown>;
  return {
    httpStatus: answer.status,
    contentType: answer.contentType,
    type,
    title,
    status,
    code,
    detail,
  };
};

describe('POST /auctions/:id/bids', () => {
  it('publishes PlaceBid and answers 202 pending with the bid id', async () => {
    gw.world.put(openAuction(A1));
    const answer = await bid('175.00', 'alice-1');

    expect(answer.status).toBe(202);
    const { bidId } = answer.body as { bidId: string };
    expect(answer.body).toEqual({ bidId: aUuid(), status: 'pending' });
    expect(published(gw.publisher)).toEqual([
      {
        type: 'PlaceBid',
        auctionId: A1,
        fields: including({
          commandId: bidId,
          bidId,
          auctionId: A1,
          issuedBy: 'alice',
          issuedAt: NOW,
          idempotencyKey: 'alice-1',
          maxAmountCents: 17500,
        }),
      },
    ]);
  });

  it('answers 200 with the decision when it is accepted within ?wait', async () => {
    gw.world.put(openAuction(A1));
    decideEvery({ accepted: true });
    const answer = await bid('175.00', 'alice-2', alice, '?wait=5000');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      bidId: aUuid(),
      auctionId: A1,
      bidderId: 'alice',
      accepted: true,
      reason: null,
      visiblePriceCents: 1500,
      visiblePrice: '15.00',
      leading: true,
      placedAt: PLACED_AT,
      leaderId: 'alice',
      extended: null,
      status: 'decided',
    });
  });

  it('says how the accepted bid moved the end, when it did (anti-sniping)', async () => {
    gw.world.put(openAuction(A1));
    decideEvery({ accepted: true });
    const previousEndsAt = new Date(NOW + MINUTE).toISOString();
    const newEndsAt = new Date(NOW + 2 * MINUTE).toISOString();
    const placed = gw.publisher.onPublish!;
    gw.publisher.onPublish = (command) => {
      placed(command);
      gw.world.extensions.set(String(command.fields.bidId), { previousEndsAt, newEndsAt });
    };
    const answer = await bid('175.00', newKey(), alice, '?wait=5000');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      accepted: true,
      status: 'decided',
      extended: { previousEndsAt, newEndsAt },
    });
  });

  it.each(Object.keys(TABLE) as Reason[])(
    'answers a decided %s with the table status and problem+json body',
    async (reason) => {
      gw.world.put(openAuction(A1));
      decideEvery({ accepted: false, reason });
      const answer = await bid('175.00', newKey(), alice, '?wait=5000');

      const [status, title, detail] = TABLE[reason];
      const { bidId } = published(gw.publisher)[0]!.fields;
      expect(answer.status).toBe(status);
      expect(answer.contentType).toBe(PROBLEM_JSON);
      expect(answer.body).toEqual({
        type: `/problems/${reason}`,
        title,
        status,
        code: reason,
        detail,
        bidId,
        auctionId: A1,
        visiblePriceCents: 1500,
        visiblePrice: '15.00',
        placedAt: PLACED_AT,
        decided: true,
        instance: `/auctions/${A1}/bids?wait=5000`,
        // The README: it names the minimum, the price at the decision plus the increment at it
        // (15.00 + eBay's 0.50), also in the detail.
        ...(reason === 'below_minimum_increment' && {
          detail: 'The bid must be at least 15.50 USD: the price plus one increment.',
          minimumNextBidCents: 1550,
          minimumNextBid: '15.50',
        }),
      });
    },
  );

  it.each([
    [
      '400 for an amount with three decimals',
      '12.345',
      'maxAmount: must have at most two decimal places',
    ],
    ['400 for a negative amount', '-5', 'maxAmount: must be greater than zero'],
  ])('answers %s, naming maxAmount', async (_label, amount, detail) => {
    gw.world.put(openAuction(A1));
    const answer = await bid(amount);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_body', field: 'maxAmount', detail });
    expect(gw.publisher.commands).toEqual([]);
  });

  it('answers 400 missing_idempotency_key without the header', async () => {
    gw.world.put(openAuction(A1));
    const answer = await call(gw, 'POST', `/auctions/${A1}/bids`, {
      token: alice,
      body: { maxAmount: '10.00' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'missing_idempotency_key',
      field: 'Idempotency-Key',
    });
  });
});

describe('an early refusal and a decided one of the same reason look the same', () => {
  /** How the gateway can find each reason itself, before publishing. */
  const EARLY: Record<
    string,
    { auction?: Parameters<typeof openAuction>[1]; as?: 'seller'; buy?: true; missing?: true }
  > = {
    auction_closed: { auction: CLOSED_UNSOLD },
    seller_cannot_bid: { as: 'seller' },
    not_started: {
      auction: { status: 'scheduled', startsAt: new Date(NOW + 10 * MINUTE).toISOString() },
    },
    buy_now_unavailable: { buy: true },
    auction_not_found: { missing: true },
  };

  it.each(Object.keys(EARLY) as Reason[])('%s', async (reason) => {
    const way = EARLY[reason]!;
    const token = way.as === 'seller' ? seller : alice;
    const send = () =>
      way.buy ? buyNow(newKey(), token, '?wait=5000') : bid('20.00', newKey(), token, '?wait=5000');

    // Early: the gateway's facts refuse it; nothing is published.
    if (!way.missing) gw.world.put(openAuction(A1, way.auction));
    const early = await send();
    expect(gw.publisher.commands).toEqual([]);

    // Decided: the facts let it through and the processor rejects it for the same reason.
    const [status, title, detail] = TABLE[reason];
    const decidedGateway = await startTestGateway();
    try {
      decidedGateway.world.put(openAuction(A1, BUY_NOW_50));
      decidedGateway.publisher.onPublish = (command) =>
        decidedGateway.world.bids.set(String(command.fields.bidId), {
          bidId: String(command.fields.bidId),
          auctionId: A1,
          bidderId: 'alice',
          accepted: false,
          reason,
          visiblePriceCents: 1000,
          visiblePrice: '10.00',
          leading: false,
          placedAt: PLACED_AT,
          kind: way.buy ? 'buy_now' : 'bid',
          maxAmountCents: way.buy ? null : 2000,
        });
      const path = way.buy ? `/auctions/${A1}/buy-now?wait=5000` : `/auctions/${A1}/bids?wait=5000`;
      const decided = await call(decidedGateway, 'POST', path, {
        token: await decidedGateway.token('alice'),
        headers: { 'idempotency-key': 'k' },
        ...(way.buy ? {} : { body: { maxAmount: '20.00' } }),
      });

      const expected = {
        httpStatus: status,
        contentType: PROBLEM_JSON,
        type: `/problems/${reason}`,
        title,
        status,
        code: reason,
        detail,
      };
      expect(tablePart(decided)).toEqual(expected);
      expect(tablePart(early)).toEqual(expected);
      expect(decided.body).toMatchObject({ decided: true, auctionId: A1 });
      expect(early.body).not.toHaveProperty('decided');
    } finally {
      await decidedGateway.close();
    }
  });

  it('auction_not_found for an id that is not a uuid', async () => {
    const answer = await call(gw, 'POST', '/auctions/nope/bids', {
      token: alice,
      body: { maxAmount: '20.00' },
      headers: { 'idempotency-key': newKey() },
    });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      code: 'auction_not_found',
      detail: 'There is no such auction.',
      auctionId: 'nope',
    });
  });
});

describe('POST /auctions/:id/buy-now', () => {
  it('publishes BuyNow and answers 202 pending', async () => {
    gw.world.put(openAuction(A1, BUY_NOW_50));
    const answer = await buyNow('buy-1');
    expect(answer.status).toBe(202);
    const { bidId } = answer.body as { bidId: string };
    expect(answer.body).toEqual({ bidId: aUuid(), status: 'pending' });
    const [command] = published(gw.publisher);
    expect(command).toEqual({
      type: 'BuyNow',
      auctionId: A1,
      fields: including({ bidId, issuedBy: 'alice', idempotencyKey: 'buy-1' }),
    });
    expect(command!.fields).not.toHaveProperty('maxAmountCents');
  });

  it('answers 200 with the decision when accepted within ?wait', async () => {
    gw.world.put(openAuction(A1, BUY_NOW_50));
    decideEvery({ accepted: true });
    const answer = await buyNow(newKey(), alice, '?wait=1000');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: true, status: 'decided', leaderId: 'alice' });
  });

  it('refuses a body with fields: buy-now carries none', async () => {
    gw.world.put(openAuction(A1, BUY_NOW_50));
    const answer = await call(gw, 'POST', `/auctions/${A1}/buy-now`, {
      token: alice,
      body: { maxAmount: '50.00' },
      headers: { 'idempotency-key': newKey() },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_body', field: 'maxAmount' });
  });
});

describe('Idempotency-Key', () => {
  it('a repeat before the decision names the same bid', async () => {
    gw.world.put(openAuction(A1));
    const key = newKey();
    const first = await bid('175.00', key);
    const again = await bid('175.00', key);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
  });

  it.each([
    ['accepted', { accepted: true } as const],
    ['rejected', { accepted: false, reason: 'below_minimum_increment' } as const],
  ])(
    'a repeat of a decided (%s) bid gets the first answer and publishes nothing',
    async (_l, outcome) => {
      gw.world.put(openAuction(A1));
      decideEvery(outcome);
      const key = newKey();
      const first = await bid('175.00', key, alice, '?wait=5000');
      gw.publisher.onPublish = undefined;
      const again = await bid('175.00', key);
      expect(again.status).toBe(first.status);
      // A problem names the request it answers (`instance`); the rest is the first answer.
      const instance = outcome.accepted ? {} : { instance: `/auctions/${A1}/bids` };
      expect(again.body).toEqual({ ...(first.body as object), ...instance });
      expect(gw.publisher.commands).toHaveLength(1);
    },
  );

  it.each([
    ['pending', false],
    ['decided', true],
  ])(
    'a key reused with another amount (first %s) gets 422 idempotency_key_reused',
    async (_l, decide) => {
      gw.world.put(openAuction(A1));
      if (decide) decideEvery({ accepted: true });
      const key = newKey();
      await bid('175.00', key, alice, '?wait=1000');
      const other = await bid('200.00', key);
      expect(other.status).toBe(422);
      expect(other.body).toEqual({
        type: '/problems/idempotency_key_reused',
        title: 'Unprocessable Content',
        status: 422,
        code: 'idempotency_key_reused',
        detail: `Idempotency-Key "${key}" was already used for another request (a bid of 175.00 on auction ${A1}); this one is a bid of 200.00 on auction ${A1}. Use a new key for a new request.`,
        field: 'Idempotency-Key',
        instance: `/auctions/${A1}/bids`,
      });
      expect(gw.publisher.commands).toHaveLength(1);
    },
  );
});

describe('the bid rate limit', () => {
  it('answers 429 rate_limited with Retry-After and the limit past it', async () => {
    const limited = await startTestGateway({ bidsPerUser: 2 });
    try {
      limited.world.put(openAuction(A1));
      const token = await limited.token('alice');
      const send = (key: string) =>
        call(limited, 'POST', `/auctions/${A1}/bids`, {
          token,
          body: { maxAmount: '20.00' },
          headers: { 'idempotency-key': key },
        });
      expect((await send('r1')).status).toBe(202);
      expect((await send('r2')).status).toBe(202);
      const third = await send('r3');
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(third.body).toMatchObject({
        type: '/problems/rate_limited',
        title: 'Too Many Requests',
        status: 429,
        code: 'rate_limited',
        limit: 'TEST_LIMIT=2',
      });
      expect(limited.publisher.commands).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });
});

describe('a publisher that fails', () => {
  it('answers 503 unavailable with Retry-After for a retriable failure', async () => {
    gw.world.put(openAuction(A1));
    gw.publisher.failure = new PublishError('Kafka did not accept the command: down');
    try {
      const answer = await bid('20.00');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(answer.body).toMatchObject({ code: 'unavailable', status: 503 });
    } finally {
      gw.publisher.failure = undefined;
    }
  });
});
