/**
 * Fuzzing a real gateway with hostile HTTP requests and WebSocket frames: every write is refused
 * with a 4xx problem+json that has a code, nothing answers 5xx, the gateway stays up, and not
 * one command reaches the commands topic. Then hostile values that may pass (extreme dates,
 * control characters in every string and in token subjects): whatever the gateway accepts must
 * be decided (or dead-lettered) within a bound, and the pipeline must still decide afterwards.
 * (An undecodable message on the commands topic going to the dead-letter topic with its reason
 * is checked in pipeline.int.test.ts.)
 */
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, wsFrame, type FuzzRequest, type FuzzTargets } from './fuzz-arbitraries.js';
import { hostileSubject, hostileWrite, type HostileWrite } from './fuzz-hostile.js';
import { settlement, type AcceptedCommand } from './fuzz-settled.js';
import { answerMismatches, client, openTestAuction, tokenFor } from './http.js';
import { LiveClient } from './live-client.js';
import { startPipeline, type Pipeline } from './services.js';
import { messagesOn } from './topic-offsets.js';
import { uniqueName } from './support.js';

const HTTP_BATCHES = 160;
const HTTP_CONCURRENCY = 16;
const FRAMES_PER_SOCKET = 150;
const SOCKETS = 4;
const HOSTILE_BATCHES = 40;
const HOSTILE_CONCURRENCY = 8;
const HOSTILE_SOCKETS = 30;
/** How long an accepted command may take to be decided: far more than a healthy pipeline needs. */
const DECIDED_WITHIN_MS = 20_000;

let pipeline: Pipeline;
let targets: FuzzTargets;
/** An auction open for the whole run: hostile bids, buy-nows and cancels go there. */
let openAuction: string;

const commandsOnTopic = () => messagesOn(pipeline.topics.commands);

beforeAll(async () => {
  pipeline = await startPipeline({ closeGraceMs: 0 });
  const call = client(pipeline.gatewayUrl);
  const created = await call('POST', '/auctions?wait=15000', {
    user: uniqueName('seller'),
    json: {
      itemId: uniqueName('item'),
      title: 'Closed before the fuzzing',
      startingPrice: '10.00',
      endsAt: new Date(Date.now() + 1000).toISOString(),
    },
  });
  expect(created.status).toBe(201);
  const closedAuction = String(created.body.auctionId);
  const deadline = Date.now() + 30_000;
  while ((await call('GET', `/auctions/${closedAuction}`)).body.status !== 'closed') {
    if (Date.now() > deadline) throw new Error('the auction did not close');
    await new Promise((r) => setTimeout(r, 100));
  }
  openAuction = await openTestAuction(call, uniqueName('item'));
  const users = Array.from({ length: 100 }, () => uniqueName('fuzzer'));
  targets = {
    closedAuction,
    tokens: await Promise.all(users.map((user) => tokenFor(user))),
    expiredToken: await tokenFor('fuzzer', -60),
  };
}, 90_000);

afterAll(async () => {
  await pipeline?.stop();
});

/** What is wrong with the gateway's answer to `request`, if anything. */
async function misbehaviour(request: FuzzRequest): Promise<string | undefined> {
  const response = await fetch(`${pipeline.gatewayUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  const where = `${request.method} ${request.path.slice(0, 200)} → ${response.status} ${text.slice(0, 200)}`;
  if (response.status >= 500) return `server error: ${where}`;
  if (request.write && (response.status < 400 || response.status >= 500))
    return `a write was not refused: ${where}`;
  const mismatches = await answerMismatches(pipeline.gatewayUrl, request.method, request.path, {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
  });
  if (mismatches.length > 0) return `not as described (${mismatches.join('; ')}): ${where}`;
  if (response.status >= 400) {
    if (!response.headers.get('content-type')?.startsWith('application/problem+json'))
      return `refusal without problem+json: ${where}`;
    const problem = JSON.parse(text) as { code?: unknown; status?: unknown };
    if (typeof problem.code !== 'string' || problem.status !== response.status)
      return `problem without a code: ${where}`;
  }
  return undefined;
}

describe('HTTP fuzzing', () => {
  it(`refuses ${HTTP_BATCHES * HTTP_CONCURRENCY} random and malformed requests with 4xx problems, writing nothing`, async () => {
    const before = await commandsOnTopic();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(httpRequest(targets), {
          minLength: HTTP_CONCURRENCY,
          maxLength: HTTP_CONCURRENCY,
        }),
        async (batch) => {
          const problems = await Promise.all(batch.map(misbehaviour));
          sent += batch.length;
          const found = problems.filter((p) => p !== undefined);
          if (found.length > 0) throw new Error(found.join('\n'));
        },
      ),
      { numRuns: HTTP_BATCHES, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(HTTP_BATCHES * HTTP_CONCURRENCY);
    expect((await client(pipeline.gatewayUrl)('GET', '/health')).status).toBe(200);
    expect(await commandsOnTopic()).toBe(before);
  }, 120_000);
});

describe('WebSocket fuzzing', () => {
  it('answers every malformed or refused frame with an error and keeps the connection open', async () => {
    const before = await commandsOnTopic();
    const frames = fc.sample(wsFrame(targets), FRAMES_PER_SOCKET * SOCKETS);
    await Promise.all(
      Array.from({ length: SOCKETS }, async (_, s) => {
        const live = await LiveClient.connect(pipeline.gatewayUrl, uniqueName('ws-fuzzer'));
        for (const frame of frames.slice(s * FRAMES_PER_SOCKET, (s + 1) * FRAMES_PER_SOCKET)) {
          const from = live.messages.length;
          live.socket.send(frame, { binary: typeof frame !== 'string' });
          const reply = await live.next(() => true, 10_000, from);
          expect(reply, `reply to ${String(frame).slice(0, 200)}`).toMatchObject({
            type: 'error',
            code: expect.any(String) as unknown,
          });
          expect(reply.code).not.toBe('internal');
        }
        const from = live.messages.length;
        live.send({ type: 'ping' });
        expect(await live.next(() => true, 10_000, from)).toEqual({ type: 'pong' });
        expect(live.socket.readyState).toBe(WebSocket.OPEN);
        await live.close();
      }),
    );
    expect((await client(pipeline.gatewayUrl)('GET', '/health')).status).toBe(200);
    expect(await commandsOnTopic()).toBe(before);
  });

  it.each([
    ['a frame over the size limit', Buffer.alloc(64 * 1024, 'x').toString(), 1009],
    ['a text frame that is not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 1007],
  ])('closes the connection on %s, and the gateway goes on', async (_label, frame, code) => {
    const live = await LiveClient.connect(pipeline.gatewayUrl, uniqueName('ws-fuzzer'));
    const closed = new Promise<number>((resolve) => live.socket.once('close', resolve));
    live.socket.send(frame, { binary: false });
    expect(await closed).toBe(code);
    const again = await LiveClient.connect(pipeline.gatewayUrl, uniqueName('ws-fuzzer'));
    again.send({ type: 'ping' });
    expect(await again.next((m) => m.type === 'pong')).toEqual({ type: 'pong' });
    await again.close();
  });
});

/** Sends one hostile write; returns what is wrong with the answer, and the command if accepted. */
async function sendHostile(
  write: HostileWrite,
): Promise<{ problem?: string; accepted?: AcceptedCommand }> {
  const token = await tokenFor(write.subject);
  const response = await fetch(`${pipeline.gatewayUrl}${write.path}`, {
    method: write.method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(write.idempotencyKey === undefined ? {} : { 'idempotency-key': write.idempotencyKey }),
    },
    body: write.body,
  });
  const text = await response.text();
  const where = `${write.path} as ${JSON.stringify(write.subject.slice(0, 60))} ${write.body.slice(0, 300)} → ${response.status} ${text.slice(0, 200)}`;
  if (response.status >= 500) return { problem: `server error: ${where}` };
  const mismatches = await answerMismatches(pipeline.gatewayUrl, write.method, write.path, {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
  });
  if (mismatches.length > 0)
    return { problem: `not as described (${mismatches.join('; ')}): ${where}` };
  if (response.status >= 400) {
    const problem = response.headers.get('content-type')?.startsWith('application/problem+json')
      ? (JSON.parse(text) as { code?: unknown })
      : {};
    return typeof problem.code === 'string'
      ? {}
      : { problem: `refusal without a problem code: ${where}` };
  }
  if (response.status !== 202) return {}; // a repeat answered with its decision
  const id = (JSON.parse(text) as Record<string, unknown>)[write.idField];
  if (typeof id !== 'string') return { problem: `a 202 without ${write.idField}: ${where}` };
  return { accepted: { table: write.decidedIn, id, what: where } };
}

/** Bids over WebSocket as hostile token subjects; returns the bids the gateway took. */
async function hostileSocketBids(): Promise<AcceptedCommand[]> {
  const accepted: AcceptedCommand[] = [];
  for (const [n, subject] of fc.sample(hostileSubject, HOSTILE_SOCKETS).entries()) {
    const live = await LiveClient.connect(pipeline.gatewayUrl, subject).catch(() => undefined);
    if (!live) continue; // refused at the upgrade: nothing can be written
    const requestId = `hostile-${n}`;
    live.send({
      type: 'bid',
      auctionId: openAuction,
      maxAmount: `${1_000 + n}.00`,
      idempotencyKey: uniqueName('ws'),
      requestId,
    });
    const reply = await live.next((m) => m.requestId === requestId, 10_000);
    expect(['bid_received', 'error'], `reply to a bid as ${JSON.stringify(subject)}`).toContain(
      reply.type,
    );
    if (reply.type === 'bid_received')
      accepted.push({
        table: 'bid_decisions',
        id: String(reply.bidId),
        what: `a WebSocket bid as ${JSON.stringify(subject.slice(0, 60))}`,
      });
    await live.close();
  }
  return accepted;
}

describe('hostile values that may pass the gateway', () => {
  it(`decides every command it accepts within ${DECIDED_WITHIN_MS / 1000} s, and still decides afterwards`, async () => {
    const accepted: AcceptedCommand[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileWrite(openAuction), {
          minLength: HOSTILE_CONCURRENCY,
          maxLength: HOSTILE_CONCURRENCY,
        }),
        async (batch) => {
          const answers = await Promise.all(batch.map(sendHostile));
          accepted.push(...answers.flatMap((a) => (a.accepted ? [a.accepted] : [])));
          const found = answers.flatMap((a) => (a.problem ? [a.problem] : []));
          if (found.length > 0) throw new Error(found.join('\n'));
        },
      ),
      { numRuns: HOSTILE_BATCHES, endOnFailure: true },
    );
    accepted.push(...(await hostileSocketBids()));
    const { decided, deadLettered, unsettled } = await settlement(
      accepted,
      pipeline.topics.commandsDeadLetter,
      DECIDED_WITHIN_MS,
    );
    console.log(
      `hostile values: ${accepted.length} commands accepted: ${decided.length} decided, ` +
        `${deadLettered.length} dead-lettered, ${unsettled.length} neither`,
    );
    expect(unsettled.map((c) => c.what)).toEqual([]);
    // The bound is not met by refusing everything at the door: some generated writes got
    // through and were decided (bids and buy-nows at least: one subject in four is ordinary).
    expect(decided.filter((c) => c.table === 'bid_decisions').length).toBeGreaterThan(0);

    // Fresh work is still decided: new auctions (on several partitions) and a bid.
    const call = client(pipeline.gatewayUrl);
    const fresh = await Promise.all(
      Array.from({ length: 8 }, () => openTestAuction(call, uniqueName('after-fuzz'))),
    );
    const bid = await call('POST', `/auctions/${fresh[0]}/bids?wait=${DECIDED_WITHIN_MS}`, {
      user: uniqueName('after-fuzz-bidder'),
      json: { maxAmount: '12.00' },
      headers: { 'idempotency-key': uniqueName('k') },
    });
    expect(bid.body).toMatchObject({ status: 'decided', accepted: true });
  }, 180_000);
});
