/** The live feed with real WebSocket clients, over the whole pipeline. */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, tokenFor } from './http.js';
import { LiveClient, upgradeStatus } from './live-client.js';
import { startPipeline, type Pipeline } from './services.js';
import { uniqueName } from './support.js';
import { messagesOn } from './topic-offsets.js';

let pipeline: Pipeline;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  pipeline = await startPipeline();
  call = client(pipeline.gatewayUrl);
}, 90_000);

afterAll(async () => {
  await pipeline?.stop();
});

async function auction() {
  const reply = await call('POST', '/auctions?wait=15000', {
    user: 'live-seller',
    json: {
      itemId: uniqueName('item'),
      title: 'Xbox',
      startingPrice: '10.00',
      durationSeconds: 600,
    },
  });
  return String(reply.body.auctionId);
}

const bid = (auctionId: string, user: string, amount: string) =>
  call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
    user,
    json: { maxAmount: amount },
    headers: { 'idempotency-key': uniqueName('k') },
  });

const contiguous = (sequences: number[]) =>
  sequences.every((s, i) => i === 0 || s === sequences[i - 1]! + 1);

describe('the live feed', () => {
  it('streams each subscribed auction’s events in order, several auctions on one connection', async () => {
    const [a, b] = [await auction(), await auction()];
    const watcher = await LiveClient.connect(pipeline.gatewayUrl, 'watcher');
    watcher.send({ type: 'subscribe', auctionId: a });
    watcher.send({ type: 'subscribe', auctionId: b });
    await watcher.next((m) => m.type === 'subscribed' && m.auctionId === a);
    await watcher.next((m) => m.type === 'subscribed' && m.auctionId === b);
    for (const amount of ['11', '12', '13']) {
      await bid(a, `u-${amount}`, amount);
      await bid(b, `v-${amount}`, amount);
    }
    await watcher.next(
      (m) =>
        m.auctionId === b &&
        m.eventType === 'BidAccepted' &&
        (m.event as { bidderId: string }).bidderId === 'v-13',
    );
    const [seqA, seqB] = [watcher.eventsOf(a), watcher.eventsOf(b)];
    expect(seqA.length).toBeGreaterThanOrEqual(3);
    expect(contiguous(seqA) && contiguous(seqB)).toBe(true);
    await watcher.close();
  });

  it('tells a user they lead, then that they were outbid, on any auction they bid on', async () => {
    const a = await auction();
    const alice = await LiveClient.connect(pipeline.gatewayUrl, 'alice-live');
    await bid(a, 'alice-live', '20');
    await alice.next((m) => m.type === 'notification' && m.kind === 'leading' && m.auctionId === a);
    await bid(a, 'bob-live', '30');
    const outbid = await alice.next(
      (m) => m.type === 'notification' && m.kind === 'outbid' && m.auctionId === a,
    );
    expect(outbid).toMatchObject({ leaderId: 'bob-live' });
    await alice.close();
  });

  it('resumes after a disconnect with what was missed, then live, with no gap and no duplicate', async () => {
    const a = await auction();
    const first = await LiveClient.connect(pipeline.gatewayUrl, 'resumer');
    first.send({ type: 'subscribe', auctionId: a, afterSequence: 0 });
    await first.next((m) => m.type === 'subscribed');
    await bid(a, 'r1', '11');
    await first.next((m) => m.eventType === 'BidAccepted');
    const seen = first.eventsOf(a);
    await first.close();

    await bid(a, 'r2', '15'); // missed while away
    await bid(a, 'r3', '20');
    const again = await LiveClient.connect(pipeline.gatewayUrl, 'resumer');
    again.send({ type: 'subscribe', auctionId: a, afterSequence: seen.at(-1) });
    await again.next((m) => m.type === 'subscribed');
    await bid(a, 'r4', '30'); // live after the resume
    await again.next(
      (m) => m.eventType === 'BidAccepted' && (m.event as { bidderId: string }).bidderId === 'r4',
    );
    const all = [...seen, ...again.eventsOf(a)];
    expect(all[0]).toBe(1);
    expect(contiguous(all)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    await again.close();
  });

  it('takes bids over the socket, with the same rules and idempotency', async () => {
    const a = await auction();
    const carol = await LiveClient.connect(pipeline.gatewayUrl, 'carol-live');
    carol.send({ type: 'subscribe', auctionId: a });
    await carol.next((m) => m.type === 'subscribed');
    carol.send({
      type: 'bid',
      auctionId: a,
      maxAmount: '25.00',
      idempotencyKey: 'c1',
      requestId: 'r-1',
    });
    const received = await carol.next((m) => m.type === 'bid_received' && m.requestId === 'r-1');
    await carol.next((m) => m.eventType === 'BidAccepted');
    carol.send({
      type: 'bid',
      auctionId: a,
      maxAmount: '25.00',
      idempotencyKey: 'c1',
      requestId: 'r-2',
    });
    expect(
      await carol.next((m) => m.type === 'bid_received' && m.requestId === 'r-2'),
    ).toMatchObject({ bidId: received.bidId, repeat: true });
    carol.send({
      type: 'bid',
      auctionId: a,
      maxAmount: '0.001',
      idempotencyKey: 'c2',
      requestId: 'r-3',
    });
    expect(await carol.next((m) => m.type === 'error' && m.requestId === 'r-3')).toMatchObject({
      code: 'invalid_message',
    });
    await carol.close();
  });

  it('answers a malformed or unauthorised message with an error and keeps the connection open', async () => {
    const dave = await LiveClient.connect(pipeline.gatewayUrl, 'dave-live');
    dave.socket.send('{not json');
    await dave.next((m) => m.type === 'error' && m.code === 'invalid_message');
    dave.send({ type: 'subscribe', auctionId: 'nope' });
    await dave.next((m) => m.type === 'error' && String(m.detail).includes('auctionId'));
    const mine = await auction();
    const asSeller = await LiveClient.connect(pipeline.gatewayUrl, 'live-seller');
    asSeller.send({ type: 'bid', auctionId: mine, maxAmount: '50', idempotencyKey: 's1' });
    await asSeller.next((m) => m.type === 'error' && m.code === 'seller_cannot_bid');
    dave.send({ type: 'ping' });
    await dave.next((m) => m.type === 'pong');
    await Promise.all([dave.close(), asSeller.close()]);
  });

  it('refuses the upgrade with 401 for a socket with an invalid token, and upgrades a valid one', async () => {
    const ws = (query: string) => `${pipeline.gatewayUrl.replace('http', 'ws')}/ws${query}`;
    const otherSecret = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('auction-stream')
      .setAudience('auction-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-gateway-secret-at-all-0123456789'));
    const refusals = {
      'an empty token': await upgradeStatus(ws('?token=')),
      'a forged token': await upgradeStatus(ws('?token=forged')),
      'an expired token': await upgradeStatus(ws(`?token=${await tokenFor('late', -60)}`)),
      'another secret': await upgradeStatus(ws(`?token=${otherSecret}`)),
    };
    expect(refusals).toEqual({
      'an empty token': 401,
      'a forged token': 401,
      'an expired token': 401,
      'another secret': 401,
    });
    // The same client sees an accepted upgrade as 101: a server that let the others in fails.
    expect(await upgradeStatus(ws(`?token=${await tokenFor('welcome')}`))).toBe(101);
  });

  it('opens a read-only socket without a token: it follows an auction live and may not bid', async () => {
    const a = await auction();
    const visitor = await LiveClient.connect(pipeline.gatewayUrl, null);
    visitor.send({ type: 'subscribe', auctionId: a });
    await visitor.next((m) => m.type === 'subscribed' && m.auctionId === a);
    await bid(a, 'seen-by-visitor', '20');
    await visitor.next(
      (m) =>
        m.auctionId === a &&
        m.eventType === 'BidAccepted' &&
        (m.event as { bidderId: string }).bidderId === 'seen-by-visitor',
    );
    const commandsBefore = await messagesOn(pipeline.topics.commands);
    visitor.send({
      type: 'bid',
      auctionId: a,
      maxAmount: '30',
      idempotencyKey: 'anonymous-bid',
      requestId: 'r-1',
    });
    const refused = await visitor.next((m) => m.type === 'error' && m.requestId === 'r-1');
    expect(refused).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(await messagesOn(pipeline.topics.commands)).toBe(commandsBefore);
    await visitor.close();
  });

  it('delivers a bid placed through one gateway to a subscriber connected to another', async () => {
    const second = await pipeline.startGateway();
    const a = await auction();
    const remote = await LiveClient.connect(second, 'remote-watcher');
    remote.send({ type: 'subscribe', auctionId: a });
    await remote.next((m) => m.type === 'subscribed');
    await bid(a, 'erin-live', '40');
    const event = await remote.next((m) => m.eventType === 'BidAccepted' && m.auctionId === a);
    expect(event.event).toMatchObject({ bidderId: 'erin-live' });
    await remote.close();
  });
});
