/** The bid pipeline end to end: HTTP → Kafka → processor → Postgres → Debezium → events. */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeMessages } from './consume.js';
import { client } from './http.js';
import { startPipeline, type Pipeline } from './services.js';
import { kafkaClient, uniqueName, urls } from './support.js';

let pipeline: Pipeline;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  pipeline = await startPipeline();
  call = client(pipeline.gatewayUrl);
}, 90_000);

afterAll(async () => {
  await pipeline?.stop();
});

async function createAuction(seller: string, overrides: Record<string, unknown> = {}) {
  const reply = await call('POST', '/auctions?wait=15000', {
    user: seller,
    json: {
      itemId: uniqueName('item'),
      title: 'Cartier wristwatch',
      startingPrice: '99.00',
      durationSeconds: 120,
      ...overrides,
    },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { auctionId: string };
}

describe('the bid pipeline', () => {
  it('turns an HTTP bid into an Avro command on Kafka, decides it, and publishes the events', async () => {
    const { auctionId } = await createAuction('seller-1');
    const bid = await call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
      user: 'alice',
      json: { maxAmount: '175.00' },
      headers: { 'idempotency-key': 'bid-1' },
    });
    expect(bid.status).toBe(200);
    expect(bid.body).toMatchObject({
      accepted: true,
      leading: true,
      visiblePriceCents: 9900,
      leaderId: 'alice',
    });

    const view = await call('GET', `/auctions/${auctionId}`);
    expect(view.body).toMatchObject({
      status: 'open',
      currency: 'USD',
      startingPriceCents: 9900,
      visiblePriceCents: 9900,
      // eBay's increment from 25.00 to 99.99 is 1.00; buy-now ends with the first bid.
      minimumNextBidCents: 10_000,
      minimumNextBid: '100.00',
      buyNowPriceCents: null,
      leaderId: 'alice',
      bidCount: 1,
    });
    expect(JSON.stringify(view.body)).not.toContain('17500'); // the hidden maximum never leaves

    const kafka = kafkaClient('it-pipeline');
    const registry = new SchemaRegistry({ host: urls.registryUrl });
    const commands = await consumeMessages(kafka, pipeline.topics.commands, 2);
    const placeBid = commands.find((c) => String(c.message.headers?.commandType) === 'PlaceBid')!;
    expect(String(placeBid.message.key)).toBe(auctionId);
    expect(await registry.decode(placeBid.message.value!)).toMatchObject({
      auctionId,
      issuedBy: 'alice',
      maxAmountCents: 17_500,
    });

    const events = await consumeMessages(kafka, pipeline.topics.events, 2);
    const types = events.map((e) => String(e.message.headers?.eventType));
    expect(types).toEqual(['AuctionCreated', 'BidAccepted']);
    const accepted = JSON.parse(String(events[1]!.message.value)) as Record<string, unknown>;
    expect(accepted).toMatchObject({
      auctionId,
      sequence: 2,
      bidderId: 'alice',
      visiblePriceCents: 9900,
    });
    expect(String(events[1]!.message.key)).toBe(auctionId);
    expect(String(events[1]!.message.headers?.eventId)).toBe(accepted.eventId);
  });

  it('runs proxy bidding: the price follows the runner-up plus one increment', async () => {
    const { auctionId } = await createAuction('seller-2');
    const bid = (user: string, amount: string, key: string) =>
      call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
        user,
        json: { maxAmount: amount },
        headers: { 'idempotency-key': key },
      });
    expect((await bid('alice', '175', 'a1')).body).toMatchObject({ accepted: true, leading: true });
    expect((await bid('bob', '120', 'b1')).body).toMatchObject({
      accepted: true,
      leading: false,
      visiblePriceCents: 12_250,
    });
    expect((await bid('carol', '200', 'c1')).body).toMatchObject({
      accepted: true,
      leading: true,
      visiblePriceCents: 17_750,
    });
    // Refused by the processor: the problem the refusal table gives, the same for its repeat.
    for (const refused of [await bid('dave', '100', 'd1'), await bid('dave', '100', 'd1')]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body).toMatchObject({
        type: '/problems/below_minimum_increment',
        code: 'below_minimum_increment',
        status: 422,
        decided: true,
        visiblePriceCents: 17_750,
        // eBay's increment from 100.00 to 249.99 is 2.50: the least next bid is 180.00.
        minimumNextBidCents: 18_000,
        minimumNextBid: '180.00',
      });
      expect(String(refused.body.detail)).toContain('180.00');
    }
    type Step = { visiblePriceCents: number; bidderId: string; leaderId: string };
    const steps = await call('GET', `/auctions/${auctionId}/bids`);
    expect(steps.body).toMatchObject({ total: 3, limit: 20, offset: 0, next: null });
    expect((steps.body.items as Step[]).map((s) => s.visiblePriceCents)).toEqual([
      9900, 12_250, 17_750,
    ]);
    // Paged in SQL: Bob's step alone still names Alice, whose proxy beat him on an earlier page.
    const second = await call('GET', `/auctions/${auctionId}/bids?limit=1&offset=1`);
    expect(second.body).toMatchObject({
      total: 3,
      limit: 1,
      offset: 1,
      next: `/auctions/${auctionId}/bids?limit=1&offset=2`,
    });
    expect(second.body.items).toEqual([
      expect.objectContaining({ bidderId: 'bob', leaderId: 'alice', visiblePriceCents: 12_250 }),
    ]);
    const last = await call('GET', String(second.body.next));
    expect(last.body).toMatchObject({ total: 3, offset: 2, next: null });
    expect(last.body.items).toEqual([
      expect.objectContaining({ bidderId: 'carol', leaderId: 'carol', visiblePriceCents: 17_750 }),
    ]);
  });

  it('applies a repeated bid once and answers the repeat with the original decision', async () => {
    const { auctionId } = await createAuction('seller-3');
    const send = () =>
      call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
        user: 'erin',
        json: { maxAmount: '150' },
        headers: { 'idempotency-key': 'same-key' },
      });
    const first = await send();
    const second = await send();
    expect(second.body.bidId).toBe(first.body.bidId);
    expect(second.body).toMatchObject({ accepted: true, visiblePriceCents: 9900 });
    expect((await call('GET', `/auctions/${auctionId}`)).body).toMatchObject({ bidCount: 1 });
  });

  it('closes an auction at its end and names the winner and price', async () => {
    const endsAt = new Date(Date.now() + 2500).toISOString();
    const { auctionId } = await createAuction('seller-4', { endsAt, durationSeconds: undefined });
    await call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
      user: 'frank',
      json: { maxAmount: '250' },
      headers: { 'idempotency-key': 'f1' },
    });
    let view = await call('GET', `/auctions/${auctionId}`);
    for (let i = 0; i < 100 && view.body.status === 'open'; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      view = await call('GET', `/auctions/${auctionId}`);
    }
    expect(view.body).toMatchObject({
      status: 'closed',
      outcome: 'sold',
      winnerId: 'frank',
      finalPriceCents: 9900,
    });
  });

  it('sends an undecodable command to the dead-letter topic with the reason, and goes on', async () => {
    const kafka = kafkaClient('it-poison');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: pipeline.topics.commands,
      messages: [
        {
          key: 'not-an-auction',
          value: Buffer.from('garbage'),
          headers: { commandType: 'PlaceBid' },
        },
      ],
    });
    await producer.disconnect();
    const [letter] = await consumeMessages(kafka, pipeline.topics.commandsDeadLetter, 1);
    expect(String(letter!.message.headers?.['dlq.reason'])).toContain('cannot decode');
    expect(String(letter!.message.value)).toBe('garbage');

    const { auctionId } = await createAuction('seller-5');
    const bid = await call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
      user: 'gina',
      json: { maxAmount: '100' },
      headers: { 'idempotency-key': 'g1' },
    });
    expect(bid.body).toMatchObject({ accepted: true });
  });

  it('sells at the buy-now price before the first bid, and lets the seller cancel a bidless auction', async () => {
    const { auctionId } = await createAuction('seller-6', { buyNowPrice: '500.00' });
    const bought = await call('POST', `/auctions/${auctionId}/buy-now?wait=15000`, {
      user: 'hank',
      headers: { 'idempotency-key': 'h1' },
    });
    expect(bought.body).toMatchObject({ accepted: true, visiblePriceCents: 50_000 });
    expect((await call('GET', `/auctions/${auctionId}`)).body).toMatchObject({
      status: 'closed',
      outcome: 'bought_now',
      winnerId: 'hank',
      finalPriceCents: 50_000,
    });

    const other = await createAuction('seller-6');
    const refused = await call('POST', `/auctions/${other.auctionId}/cancel`, { user: 'mallory' });
    expect(refused.status).toBe(403);
    const cancelled = await call('POST', `/auctions/${other.auctionId}/cancel?wait=15000`, {
      user: 'seller-6',
    });
    expect(cancelled.body).toMatchObject({ status: 'decided', accepted: true });
    expect((await call('GET', `/auctions/${other.auctionId}`)).body).toMatchObject({
      status: 'cancelled',
    });
  });
});
