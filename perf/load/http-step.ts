/**
 * One step of the open-loop HTTP bench: bids leave at a constant rate for a number of seconds
 * whatever the replies do; each reply's latency (from when the bid was due to its answer, over
 * every try) goes into an HDR histogram; then it waits until the processor has decided every
 * accepted bid, and reports how long after the load's end that took. The generator's own CPU
 * and how far its sends fell behind the schedule are part of the result.
 *
 * A bid with no answer or a 503 is sent again with its Idempotency-Key (perf/load/retry.ts); one
 * that still fails ends the step with a partial result. A backlog of answers owed beyond
 * `maxBacklogSeconds` of the offered rate ends the schedule early as overloaded: the system
 * cannot keep up, and a longer queue would only measure the queue.
 */
import type { Bidding } from './bidding-setup.js';
import { bidHeaders, isDecidedRejection } from './http-client.js';
import type { DecisionCounter } from '../harness/decisions.js';
import { Latencies, type LatencySummary } from '../harness/latency.js';
import { runOpenLoop } from './open-loop.js';
import { GaveUp, type RetryCounters } from './retry.js';

export interface StepOptions {
  readonly ratePerSecond: number;
  readonly seconds: number;
  /** Answers owed beyond this many seconds of the rate stop the schedule (default 5). */
  readonly maxBacklogSeconds?: number;
  /** How long to wait for the processor after the load (default 120 s). */
  readonly decideTimeoutSeconds?: number;
  /** Progress every this many seconds (default 5). */
  readonly progressSeconds?: number;
}

export interface GeneratorCost {
  readonly cpuMs: number;
  readonly cpuMsPer1000Bids: number;
  /** Its CPU over the step's wall time, in % of one core. */
  readonly cpuPercentOfCore: number;
  /** How far behind their due time the sends left. */
  readonly behind: LatencySummary;
  readonly lateSends: number;
}

export interface StepResult {
  readonly offeredPerSecond: number;
  readonly seconds: number;
  readonly scheduled: number;
  readonly sent: number;
  readonly achievedSendPerSecond: number;
  readonly answered: number;
  /** Answered 202 (or, a repeat of a decided bid, 200 or a problem marked decided). */
  readonly accepted: number;
  /** Accepted over the time from the first send to the last answer. */
  readonly acceptedPerSecond: number;
  /** Other answers, by status. */
  readonly refusedByStatus: Readonly<Record<string, number>>;
  readonly refused: number;
  /** Bids that never got an answer (the retries gave up). */
  readonly failed: number;
  readonly latency: LatencySummary;
  readonly overloaded: boolean;
  readonly allDecided: boolean;
  /** From the last send to the processor's last decision of this step's bids. */
  readonly decidedWithinSeconds: number;
  readonly generator: GeneratorCost;
  readonly retries: RetryCounters;
  readonly partial: boolean;
  readonly failure?: string;
}

export async function runHttpStep(
  bidding: Bidding,
  decisions: DecisionCounter,
  o: StepOptions,
  say: (line: string) => void = console.log,
): Promise<StepResult> {
  const { client, bidPaths, authorizations, run } = bidding;
  const decidedBefore = await decisions.count();
  const retriesBefore = { ...client.retries };
  const latency = new Latencies();
  const refusedByStatus: Record<string, number> = {};
  const counts = { answered: 0, accepted: 0, refused: 0, failed: 0, inFlight: 0 };
  let failure: string | undefined;
  let lastAnswerAt = 0;
  let drained: () => void = () => undefined;
  const maxInFlight = Math.max(100, o.ratePerSecond * (o.maxBacklogSeconds ?? 5));

  // Timed from when the bid was due, not from when the timer got to it: a send the generator
  // held up counts its wait (the open loop's clock is performance.now).
  const send = (_: number, started: number) => {
    const n = bidding.sequence++;
    const headers = bidHeaders(authorizations[n % authorizations.length]!, `${run}-${n}`);
    const body = `{"maxAmount":"${(2 + n * 0.05).toFixed(2)}"}`;
    counts.inFlight += 1;
    client.send('POST', bidPaths[n % bidPaths.length]!, headers, body, { readBody: false }).then(
      (reply) => {
        lastAnswerAt = performance.now();
        latency.record(lastAnswerAt - started);
        counts.answered += 1;
        if (reply.status === 202 || reply.status === 200 || isDecidedRejection(reply))
          counts.accepted += 1;
        else {
          counts.refused += 1;
          const key = String(reply.status);
          refusedByStatus[key] = (refusedByStatus[key] ?? 0) + 1;
        }
        settle();
      },
      (error: unknown) => {
        counts.failed += 1;
        failure ??= error instanceof GaveUp ? error.message : String(error);
        settle();
      },
    );
  };
  const settle = () => {
    counts.inFlight -= 1;
    if (counts.inFlight === 0) drained();
  };

  say(`${o.ratePerSecond} bids/s offered for ${o.seconds} s …`);
  const firstBid = bidding.sequence;
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const progress = setInterval(
    () =>
      say(
        `… ${((performance.now() - began) / 1000).toFixed(0)} s: sent ${bidding.sequence - firstBid}, answered ${counts.answered}, in flight ${counts.inFlight}`,
      ),
    (o.progressSeconds ?? 5) * 1000,
  );
  let overloaded = false;
  const schedule = await runOpenLoop({
    ratePerSecond: o.ratePerSecond,
    seconds: o.seconds,
    send,
    shouldStop: () => {
      if (counts.inFlight > maxInFlight) overloaded = true;
      return overloaded || failure !== undefined;
    },
  });
  const loadEndedAt = performance.now();
  if (overloaded)
    say(`overloaded: more than ${maxInFlight} answers owed; the schedule stopped early`);
  if (counts.inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  clearInterval(progress);
  const answeredAt = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  let allDecided = false;
  let decidedWithinSeconds = Number.NaN;
  if (failure === undefined) {
    allDecided = await decisions.waitFor(
      decidedBefore + counts.accepted,
      (o.decideTimeoutSeconds ?? 120) * 1000,
    );
    if (allDecided) decidedWithinSeconds = (performance.now() - loadEndedAt) / 1000;
    else say(`the processor had not decided every accepted bid after the timeout`);
  } else say(`gave up: ${failure}; the result is partial`);

  const retries = client.retries;
  return {
    offeredPerSecond: o.ratePerSecond,
    seconds: o.seconds,
    scheduled: schedule.scheduled,
    sent: schedule.sent,
    achievedSendPerSecond: schedule.sent / Math.max(1e-3, schedule.elapsedMs / 1000),
    answered: counts.answered,
    accepted: counts.accepted,
    acceptedPerSecond: counts.accepted / Math.max(1e-3, (lastAnswerAt - began) / 1000),
    refusedByStatus,
    refused: counts.refused,
    failed: counts.failed,
    latency: latency.summary(),
    overloaded,
    allDecided,
    decidedWithinSeconds,
    generator: {
      cpuMs,
      cpuMsPer1000Bids: (cpuMs * 1000) / Math.max(1, schedule.sent),
      cpuPercentOfCore: (100 * cpuMs) / Math.max(1, answeredAt - began),
      behind: schedule.behind,
      lateSends: schedule.lateSends,
    },
    retries: {
      retries: retries.retries - retriesBefore.retries,
      unanswered: retries.unanswered - retriesBefore.unanswered,
      unavailable: retries.unavailable - retriesBefore.unavailable,
    },
    partial: failure !== undefined,
    ...(failure === undefined ? {} : { failure }),
  };
}
