/**
 * `npm run bench:http -- [--rate R[,R2,…]] [--seconds S] [--auctions A] [--connections C]
 *                        [--max-backlog-seconds B]`
 *
 * Bids through HTTP, open-loop: at each offered rate in turn (a sweep), bids leave on a constant
 * schedule for S seconds whatever the replies do (perf/load/http-step.ts), on A auctions with 400
 * bidders so per-user rate limits never decide the outcome, over C keep-alive connections. Per
 * step: offered and achieved rates, accepted per second, refusals by status, request → answer
 * latency (HDR: p50, p99, p99.9, max), how long after the load the processor had decided every
 * accepted bid, and the generator's own CPU and lag. A table at the end.
 *
 * A step that overloads the system (more than B seconds of answers owed) ends early and ends
 * the sweep; a bid that still fails after its retries makes the result partial (exit 1).
 */
import { parseArgs } from 'node:util';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { prepareBidding } from '../load/bidding-setup.js';
import { DecisionCounter } from '../harness/decisions.js';
import { DEFAULT_CONNECTIONS } from '../load/http-client.js';
import { runHttpStep, type StepResult } from '../load/http-step.js';
import { bestSustained, parseRates, stepRow } from './sweep.js';

export interface HttpBenchOptions {
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly auctions: number;
  readonly connections: number;
  readonly gateway: string;
  readonly maxBacklogSeconds?: number;
}

export interface HttpBenchResult {
  readonly steps: StepResult[];
  /** The best accepted rate among the steps the system sustained (sweep.ts); NaN if none. */
  readonly bestSustainedPerSecond: number;
  readonly auctions: number;
  readonly connections: number;
  readonly partial: boolean;
}

export async function benchHttp(
  options: HttpBenchOptions,
  say: (line: string) => void = console.log,
): Promise<HttpBenchResult> {
  const bidding = await prepareBidding(
    {
      gateway: options.gateway,
      auctions: options.auctions,
      connections: options.connections,
      prefix: 'bench',
    },
    say,
  );
  const decisions = await DecisionCounter.open(
    serviceUrls(readEndpoints()).databaseUrl,
    bidding.auctionIds,
  );
  const steps: StepResult[] = [];
  try {
    for (const rate of options.rates) {
      const step = await runHttpStep(
        bidding,
        decisions,
        {
          ratePerSecond: rate,
          seconds: options.seconds,
          maxBacklogSeconds: options.maxBacklogSeconds,
        },
        say,
      );
      steps.push(step);
      say(
        `${rate}/s offered: ${Math.round(step.acceptedPerSecond)}/s accepted, p99 ${step.latency.p99} ms, decided ${step.decidedWithinSeconds.toFixed(1)} s after the load`,
      );
      if (step.partial || step.overloaded) {
        const left = options.rates.slice(steps.length);
        if (left.length > 0) say(`the sweep stops here; not run: ${left.join(', ')} bids/s`);
        break;
      }
    }
  } finally {
    await decisions.close();
    await bidding.client.close();
  }
  return {
    steps,
    bestSustainedPerSecond: bestSustained(steps),
    auctions: options.auctions,
    connections: options.connections,
    partial: steps.some((s) => s.partial),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '1000,2000,3000,5000' },
      seconds: { type: 'string', default: '30' },
      auctions: { type: 'string', default: '100' },
      connections: { type: 'string', default: String(DEFAULT_CONNECTIONS) },
      'max-backlog-seconds': { type: 'string', default: '5' },
    },
  });
  const result = await benchHttp({
    rates: parseRates(values.rate),
    seconds: Number(values.seconds),
    auctions: Number(values.auctions),
    connections: Number(values.connections),
    gateway: process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl,
    maxBacklogSeconds: Number(values['max-backlog-seconds']),
  });
  console.table(result.steps.map(stepRow));
  console.log(
    `best sustained accepted rate: ${Number.isFinite(result.bestSustainedPerSecond) ? `${Math.round(result.bestSustainedPerSecond)} bids/s` : 'none of the steps was sustained'}` +
      (result.partial ? ' (PARTIAL: a bid gave up)' : ''),
  );
  process.exit(result.partial ? 1 : 0);
}
