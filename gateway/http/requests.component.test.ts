/**
 * Issue 22 §2: an unknown field in a body is named as unknown (a misspelt `amount` is not a bad
 * `maxAmount`), and a create's refusal names fields as the request spells them, with amounts in
 * major units and the currency, never the domain's cent fields. Expected texts written out here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, openAuction, startTestGateway, type TestGateway } from '../testing/test-gateway.js';

const A1 = 'a1a1a1a1-0000-4000-8000-0000000000e1';
const AUCTION = { itemId: 'lamp-1', title: 'A lamp', startingPrice: '10.00', durationSeconds: 600 };

let gw: TestGateway;
let seller: string;
let alice: string;
let key = 0;

beforeAll(async () => {
  gw = await startTestGateway({ currency: 'EUR' });
  seller = await gw.token('seller-1');
  alice = await gw.token('alice');
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.world.auctions.clear();
  gw.world.commands.clear();
  gw.world.put(openAuction(A1));
  gw.publisher.commands.length = 0;
  gw.publisher.onPublish = undefined;
});

const bid = (body: unknown) =>
  call(gw, 'POST', `/auctions/${A1}/bids`, {
    token: alice,
    body,
    headers: { 'idempotency-key': `unknown-${++key}` },
  });
const create = (body: unknown, query = '') =>
  call(gw, 'POST', `/auctions${query}`, { token: seller, body });

describe('an unknown field', () => {
  it('in a bid (the fast path) is named, with the field it was likely meant as', async () => {
    const answer = await bid({ amount: '12.00' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'invalid_body',
      field: 'amount',
      detail: "unknown field 'amount'; did you mean 'maxAmount'?",
    });
    expect(gw.publisher.commands).toEqual([]);
  });

  it('in a create is named before the required field it stands in for', async () => {
    const { startingPrice, ...rest } = AUCTION;
    const answer = await create({ ...rest, startPrice: startingPrice });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'invalid_body',
      field: 'startPrice',
      detail: "unknown field 'startPrice'; did you mean 'startingPrice'?",
    });
  });

  it('inside an increment step is named with its path', async () => {
    const answer = await create({
      ...AUCTION,
      incrementTable: [{ from: '0', incremnt: '1.00' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      field: 'incrementTable.0.incremnt',
      detail:
        "unknown field 'incrementTable.0.incremnt'; did you mean 'incrementTable.0.increment'?",
    });
  });

  it('like nothing the API knows is named without a guess', async () => {
    const answer = await bid({ maxAmount: '12.00', colour: 'red' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ field: 'colour', detail: "unknown field 'colour'" });
  });

  it('in a query is named too', async () => {
    const answer = await call(gw, 'GET', '/auctions?limt=5');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'invalid_query',
      field: 'limt',
      detail: "unknown field 'limt'; did you mean 'limit'?",
    });
  });
});

describe("a create's refusal, in the request's terms", () => {
  it.each([
    [
      'a reserve below the starting price',
      { reservePrice: '5.00' },
      'reservePrice',
      'reservePrice 5.00 EUR is below startingPrice 10.00 EUR',
    ],
    [
      'a buy-now below the starting price',
      { buyNowPrice: '9.99' },
      'buyNowPrice',
      'buyNowPrice 9.99 EUR is below startingPrice 10.00 EUR',
    ],
    [
      'a buy-now below the reserve',
      { reservePrice: '30.00', buyNowPrice: '20.00' },
      'buyNowPrice',
      'buyNowPrice 20.00 EUR is below reservePrice 30.00 EUR: a buy-now below the reserve would sell for less than it',
    ],
  ])('%s: 422 naming the field and both amounts', async (_label, terms, field, detail) => {
    const answer = await create({ ...AUCTION, ...terms });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'invalid_command', field, detail });
    expect(gw.publisher.commands).toEqual([]);
  });

  it('an increment past the largest amount names the step and the amount in major units', async () => {
    const answer = await create({
      ...AUCTION,
      incrementTable: [{ from: '0', increment: '999999999999.99' }],
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      field: 'incrementTable[0].increment',
      detail:
        'incrementTable[0].increment is too large: from the first price it applies to, the next minimum bid would be above the largest amount (999999999999.99 EUR)',
    });
  });

  it('decided by the processor is worded the same way', async () => {
    // The processor decides with its own limits: here a shorter longest duration than the gateway's.
    gw.publisher.onPublish = (command) =>
      gw.world.commands.set(String(command.fields.commandId), {
        accepted: false,
        reason: 'invalid_command',
        detail: 'antiSnipingWindowMs must be whole milliseconds, 0 to 7 days',
      });
    const answer = await create({ ...AUCTION, antiSnipingWindowSeconds: 8 * 86_400 }, '?wait=5000');
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      decided: true,
      field: 'antiSnipingWindowSeconds',
      detail: 'antiSnipingWindowSeconds must be 0 to 7 days',
    });
  });
});
