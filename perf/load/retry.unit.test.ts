import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  GaveUp,
  newRetryCounters,
  planRetry,
  retryAfterOf,
  retryDelayMs,
  withRetries,
  type RetryPolicy,
} from './retry.js';

const policy: RetryPolicy = {
  initialDelayMs: 100,
  factor: 2,
  maxDelayMs: 1000,
  budgetMs: 3000,
  attemptTimeoutMs: 1000,
};
const noJitter = () => 1;
const at = (tries: number, now = 0) => ({ tries, firstTryAt: 0, now });

describe('the client retry policy', () => {
  it('retries a request that got no answer, and a 503, with a growing, capped backoff', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((tries) =>
      retryDelayMs(policy, tries, undefined, noJitter),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(
      planRetry(policy, at(1), { kind: 'no answer', error: 'ECONNREFUSED' }, noJitter),
    ).toEqual({
      retry: true,
      delayMs: 100,
    });
    expect(planRetry(policy, at(2), { kind: 'answer', status: 503 }, noJitter)).toEqual({
      retry: true,
      delayMs: 200,
    });
  });

  it('takes any other answer as the answer, refusals included', () => {
    for (const status of [200, 201, 202, 400, 409, 422, 429, 500])
      expect(planRetry(policy, at(1), { kind: 'answer', status })).toEqual({
        retry: false,
        why: 'final answer',
      });
  });

  it('waits at least the Retry-After it was given, within the cap', () => {
    expect(retryDelayMs(policy, 1, 0.5, noJitter)).toBe(500);
    expect(retryDelayMs(policy, 1, 30, noJitter)).toBe(1000);
  });

  it('spreads the waits of clients that failed together: between half and all of the backoff', () => {
    expect(retryDelayMs(policy, 3, undefined, () => 0)).toBe(200);
    expect(retryDelayMs(policy, 3, undefined, () => 0.5)).toBe(300);
  });

  it('gives up once the next retry would leave the total time budget', () => {
    expect(planRetry(policy, at(5, 2000), { kind: 'answer', status: 503 }, noJitter)).toEqual({
      retry: true,
      delayMs: 1000,
    });
    expect(planRetry(policy, at(6, 2001), { kind: 'answer', status: 503 }, noJitter)).toEqual({
      retry: false,
      why: 'budget spent',
    });
  });
});

describe('withRetries', () => {
  const noWait = () => Promise.resolve();

  it('sends the same request again until it is answered, and counts the retries', async () => {
    const answers: (number | Error)[] = [new TypeError('fetch failed'), 503, 503, 202];
    const counters = newRetryCounters();
    let tries = 0;
    const reply = await withRetries(
      'POST /bids',
      () => {
        tries += 1;
        const next = answers.shift()!;
        return next instanceof Error ? Promise.reject(next) : Promise.resolve({ status: next });
      },
      counters,
      policy,
      noWait,
    );
    expect(reply.status).toBe(202);
    expect(tries).toBe(4);
    expect(counters).toEqual({ retries: 3, unanswered: 1, unavailable: 2 });
  });

  it('throws GaveUp, naming the last problem, when the budget is spent', async () => {
    const counters = newRetryCounters();
    const tight = { ...policy, budgetMs: 0 };
    const error = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const giving = withRetries(
      'GET /auctions/x',
      () => Promise.reject(error),
      counters,
      tight,
      noWait,
    );
    await expect(giving).rejects.toThrow(GaveUp);
    await expect(giving).rejects.toThrow(/GET \/auctions\/x: .*ECONNREFUSED after 1 tries/);
    expect(counters).toEqual({ retries: 0, unanswered: 1, unavailable: 0 });
  });
});

describe('reading what a try got', () => {
  it('takes Retry-After from fetch headers or from the raw header value', () => {
    expect(retryAfterOf(new Headers({ 'retry-after': '3' }))).toBe(3);
    expect(retryAfterOf('2')).toBe(2);
    expect(retryAfterOf(['5', '9'])).toBe(5);
    for (const none of [undefined, '', '0', 'soon', new Headers()])
      expect(retryAfterOf(none)).toBeUndefined();
  });

  it('names why a try got no answer: the cause of "fetch failed", an undici code, a timeout', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    expect(describeFailure(refused)).toBe('fetch failed: ECONNREFUSED');
    const closed = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(describeFailure(closed)).toBe('other side closed: UND_ERR_SOCKET');
    const connect = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), {
      code: 'ECONNREFUSED',
    });
    expect(describeFailure(connect)).toBe('connect ECONNREFUSED 127.0.0.1:8080');
    expect(describeFailure(new DOMException('aborted', 'TimeoutError'))).toBe('timeout');
  });
});
