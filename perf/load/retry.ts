/**
 * How the replay and the load generators ride out a gateway that restarts or a dependency that
 * is down: a request that got no answer (connection refused or reset, a timeout) or a 503 is
 * sent again, the same request with the same Idempotency-Key, after an exponential backoff with
 * jitter (at least the Retry-After it was given), until a total time budget runs out. Then the
 * caller gets a `GaveUp` error, and writes what it has as a partial report.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  readonly initialDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  /** No retry is sent later than this after the request's first try. */
  readonly budgetMs: number;
  /** One try that has no answer after this long is abandoned and counts as unanswered. */
  readonly attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 200,
  factor: 2,
  maxDelayMs: 5_000,
  budgetMs: 120_000,
  attemptTimeoutMs: 30_000,
};

/** What one try got: an answer (with its Retry-After, if any) or none at all. */
export type TryOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'no answer'; readonly error: string };

export type RetryPlan =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly why: 'final answer' | 'budget spent' };

/** Only "no answer" and 503 are worth sending again; any other answer is the answer. */
export const isRetriable = (outcome: TryOutcome) =>
  outcome.kind === 'no answer' || outcome.status === 503;

/** The wait after try number `tries` (1 = the first): backoff with jitter, at least Retry-After. */
export function retryDelayMs(
  policy: RetryPolicy,
  tries: number,
  retryAfterSeconds: number | undefined,
  random: () => number,
): number {
  const backoff = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (tries - 1));
  // "Equal jitter": half fixed, half random, so clients that failed together spread out.
  const jittered = backoff / 2 + (backoff / 2) * random();
  const asked =
    retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, asked)));
}

export function planRetry(
  policy: RetryPolicy,
  state: { readonly tries: number; readonly firstTryAt: number; readonly now: number },
  outcome: TryOutcome,
  random: () => number = Math.random,
): RetryPlan {
  if (!isRetriable(outcome)) return { retry: false, why: 'final answer' };
  const retryAfter = outcome.kind === 'answer' ? outcome.retryAfterSeconds : undefined;
  const delayMs = retryDelayMs(policy, state.tries, retryAfter, random);
  if (state.now + delayMs - state.firstTryAt > policy.budgetMs)
    return { retry: false, why: 'budget spent' };
  return { retry: true, delayMs };
}

export interface RetryCounters {
  /** Tries sent again. */
  retries: number;
  /** Tries that got no answer. */
  unanswered: number;
  /** Tries answered 503. */
  unavailable: number;
}

export const newRetryCounters = (): RetryCounters => ({
  retries: 0,
  unanswered: 0,
  unavailable: 0,
});

/** A request that still had no usable answer when its retry budget ran out. */
export class GaveUp extends Error {
  override readonly name = 'GaveUp';
  constructor(
    readonly what: string,
    readonly tries: number,
    readonly last: string,
  ) {
    super(`${what}: no answer but ${last} after ${tries} tries; gave up`);
  }
}

/** A reply as the caller reads it: enough to decide on a retry. */
export interface Reply {
  readonly status: number;
  readonly retryAfterSeconds?: number;
}

/** Never aborts: for callers whose transport ends a silent try itself. */
const NEVER = new AbortController().signal;

/**
 * Sends `attempt` until it gets an answer that is not 503, retrying as the policy says;
 * `attempt` gets an AbortSignal that ends the try after `attemptTimeoutMs`, unless
 * `signalEachTry` is false: then the caller's transport times a silent try out itself (the
 * load client's pool has one coarse timer, far cheaper than a signal and a timer per request)
 * and the signal never fires.
 */
export async function withRetries<R extends Reply>(
  what: string,
  attempt: (signal: AbortSignal) => Promise<R>,
  counters: RetryCounters,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  wait: (ms: number) => Promise<unknown> = sleep,
  signalEachTry = true,
): Promise<R> {
  const firstTryAt = Date.now();
  for (let tries = 1; ; tries += 1) {
    let outcome: TryOutcome;
    let reply: R | undefined;
    try {
      reply = await attempt(signalEachTry ? AbortSignal.timeout(policy.attemptTimeoutMs) : NEVER);
      outcome = {
        kind: 'answer',
        status: reply.status,
        retryAfterSeconds: reply.retryAfterSeconds,
      };
      if (reply.status === 503) counters.unavailable += 1;
    } catch (error) {
      counters.unanswered += 1;
      outcome = { kind: 'no answer', error: describeFailure(error) };
    }
    const plan = planRetry(policy, { tries, firstTryAt, now: Date.now() }, outcome);
    if (!plan.retry) {
      if (plan.why === 'final answer' && reply) return reply;
      throw new GaveUp(
        what,
        tries,
        outcome.kind === 'answer' ? `HTTP ${outcome.status}` : outcome.error,
      );
    }
    counters.retries += 1;
    await wait(plan.delayMs);
  }
}

/**
 * Why a try got no answer: ECONNREFUSED, a reset socket, a timeout. "fetch failed" hides the
 * reason in its cause; undici's own errors carry it as their code.
 */
export function describeFailure(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    code?: unknown;
    cause?: { code?: string; message?: string };
  };
  const cause = e.cause?.code ?? e.cause?.message;
  const message = e.name === 'TimeoutError' ? 'timeout' : e.message;
  // Node's and undici's codes are strings (a DOMException's is a number, and says nothing more).
  const code = typeof e.code === 'string' && !message?.includes(e.code) ? e.code : undefined;
  return [message, code, cause].filter(Boolean).join(': ');
}

/** The Retry-After header in seconds, if it is a number: from a fetch Headers or a raw value. */
export function retryAfterOf(
  headers: Headers | string | readonly string[] | undefined,
): number | undefined {
  const raw =
    headers === undefined || typeof headers === 'string'
      ? headers
      : 'get' in headers
        ? headers.get('retry-after')
        : headers[0];
  const value = Number(raw);
  return raw !== null && raw !== undefined && Number.isFinite(value) && value > 0
    ? value
    : undefined;
}
