/**
 * Issue 22 §4 through the HTTP API (createApp on in-memory ports): terms that cannot make an
 * auction are refused before anything is published, naming the field; names and ids with hidden
 * characters are refused with a 400 naming the field; a token whose subject is a look-alike or
 * blank-looking name is refused; `POST /dev/token` folds a typed name with NFKC.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../access/auth.js';
import { devTokenRoutes } from '../routes/dev-token.js';
import { silentLogger } from '../testing/in-memory-ports.js';
import {
  call,
  PROBLEM_JSON,
  startTestGateway,
  TEST_TOKENS,
  type TestGateway,
} from '../testing/test-gateway.js';
import { problemHandler } from './problems.js';

const AUCTION = {
  itemId: 'watch-1',
  title: 'Cartier wristwatch',
  startingPrice: '99.00',
  durationSeconds: 600,
};
/** The largest amount the API takes, as the README's money rule allows it (12 digits, 2 decimals). */
const LARGEST = '999999999999.99';

let gw: TestGateway;
let seller: string;
beforeAll(async () => {
  gw = await startTestGateway();
  seller = await gw.token('seller-1');
});
afterAll(() => gw.close());

const create = (body: object) => call(gw, 'POST', '/auctions', { token: seller, body });

describe('POST /auctions: terms that cannot make an auction', () => {
  it.each([
    [
      'a buy-now price below the reserve',
      { reservePrice: '150.00', buyNowPrice: '149.99' },
      'buyNowPrice',
    ],
    [
      'an increment that puts the next minimum bid above the largest amount',
      { incrementTable: [{ from: '0', increment: LARGEST }] },
      'incrementTable[0].increment',
    ],
    [
      'a later step whose increment leaves no room from where it starts',
      {
        incrementTable: [
          { from: '0', increment: '1.00' },
          { from: '500000000000.00', increment: '500000000000.00' },
        ],
      },
      'incrementTable[1].increment',
    ],
  ])(
    'refuses %s: 422 invalid_command naming the field as the request spells it, nothing published',
    async (_l, terms, field) => {
      const published = gw.publisher.commands.length;
      const answer = await create({ ...AUCTION, ...terms });
      expect(answer.status).toBe(422);
      expect(answer.contentType).toBe(PROBLEM_JSON);
      expect(answer.body).toMatchObject({ code: 'invalid_command', field });
      // Named as the request spells it, not as the domain's cent field (issue 22 §2).
      expect((answer.body as { detail: string }).detail.startsWith(`${field} `)).toBe(true);
      expect((answer.body as { detail: string }).detail).not.toMatch(/Cents\b/);
      expect(gw.publisher.commands.length).toBe(published);
    },
  );

  it('takes a buy-now equal to the reserve, and an increment that reaches the largest amount exactly', async () => {
    expect(
      (await create({ ...AUCTION, reservePrice: '150.00', buyNowPrice: '150.00' })).status,
    ).toBe(202);
    const reaching = { from: '0', increment: '999999999900.99' }; // 99.00 + this = the largest amount
    const answer = await create({ ...AUCTION, itemId: 'watch-2', incrementTable: [reaching] });
    expect(answer.status).toBe(202);
  });
});

describe('POST /auctions: hidden characters in names and ids', () => {
  it.each([
    ['title', 'Cartier \u202Ehctaw', 'U+202E'],
    ['title', 'Cartier\u200Bwristwatch', 'U+200B'],
    ['itemId', 'watch\u2060-1', 'U+2060'],
    ['itemId', 'watch-1\uFDD0', 'U+FDD0'],
    ['externalRef', 'ref\uFEFF-1', 'U+FEFF'],
    ['externalRef', 'ref-\u{10FFFF}', 'U+10FFFF'],
  ])(
    'refuses a %s holding %j: 400 naming the field and the character',
    async (field, value, name) => {
      const answer = await create({ ...AUCTION, [field]: value });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_body', field });
      expect((answer.body as { detail: string }).detail).toContain(name);
    },
  );
});

describe('user ids: look-alike and blank-looking names', () => {
  it.each([
    ['fullwidth letters', 'ａｌｉｃｅ'],
    ['the Hangul filler U+3164', '\u3164'],
    ['a Cyrillic а among Latin letters', '\u0430lice'],
  ])('a token whose subject has %s is refused (401)', async (_label, subject) => {
    const token = await gw.token(subject);
    const answer = await call(gw, 'GET', '/me/bids', { token });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'unauthorized' });
  });

  it('a seller filter with a look-alike name is refused, naming sellerId', async () => {
    const answer = await call(gw, 'GET', `/auctions?sellerId=${encodeURIComponent('\u0430lice')}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ field: 'sellerId' });
  });

  describe('POST /dev/token', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      const app = express();
      app.use(express.json());
      app.use(devTokenRoutes(TEST_TOKENS, { check: () => Promise.resolve() }));
      app.use(problemHandler(silentLogger));
      server = createServer(app).listen(0, '127.0.0.1');
      await once(server, 'listening');
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it.each([
      ['ａｌｉｃｅ', 'alice'],
      ['  Zoë\u00a0Smith ', 'Zoë Smith'],
    ])('signs %j in as %j (NFKC)', async (typed, userId) => {
      const answer = await call({ url }, 'POST', '/dev/token', { body: { userId: typed } });
      expect(answer.status).toBe(200);
      const body = answer.body as { token: string; userId: string };
      expect(body.userId).toBe(userId);
      expect(await verifyToken(TEST_TOKENS, body.token)).toBe(userId);
    });

    it.each([
      ['the Hangul filler', '\u3164'],
      ['the halfwidth Hangul filler', '\uFFA0'],
      ['a Latin name with a Cyrillic letter', '\u0430lice'],
    ])('refuses %s: 400 naming userId', async (_label, typed) => {
      const answer = await call({ url }, 'POST', '/dev/token', { body: { userId: typed } });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_body', field: 'userId' });
    });
  });
});
