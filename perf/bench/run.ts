/**
 * `npm run bench [-- --before <earlier results.json>]`: on the running system (`npm start`),
 * measures side by side in one run what issue 20 names: the processor on one hot auction, the
 * Gavel-style pgbench baselines (hot and over 100 auctions), an open-loop HTTP sweep, the cost
 * model of one bid per process at 1,000 bids/s, live-feed latency with 1,000 subscribers over
 * 100 auctions, the eBay file through HTTP at one and three seconds a day; and, cheaper context
 * beside them, the Kafka ceiling, the processor over 1,000 auctions, Redis Lua, the pure rules,
 * CDC, memory per auction and the eBay file at maximum speed. Everything within about 15
 * minutes on 2 cores (each step's length is set for that; the total is printed as it goes).
 * Writes perf/bench/results/latest.json and latest.md (with the earlier run's series beside
 * this one's in the charts when --before is given), and prints the table.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchFeed } from './feed-latency.js';
import { benchHttp } from './http-bench.js';
import { DEFAULT_CONNECTIONS } from '../load/http-client.js';
import { benchProcessor } from './processor-bench.js';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { PROJECT_ROOT } from '../../stack/paths.js';
import { redisLuaBid } from './baselines.js';
import { gavelBaselines } from './gavel.js';
import { cdcBench } from './cdc.js';
import { measureCostModel } from './cost-model.js';
import { bytesPerOpenAuction, decidePerSecond } from './decide-core.js';
import { ebayMaxSpeed } from './ebay-max-speed.js';
import { ebayReplay } from './ebay-replay.js';
import { kafkaCeiling } from './kafka-ceiling.js';
import { benchResults, type ReportInput } from './bench-results.js';
import { markdownReport, printTable } from './report.js';

/**
 * Offered bids/s of the open-loop HTTP sweep, 30 s each (the goal's length); it stops at the
 * first step that overloads. Seven steps at most: 3.5 minutes of load if none overloads.
 */
const SWEEP_RATES = [250, 500, 1000, 2000, 3000, 4000, 5000];
const SWEEP_SECONDS = 30;
/** The cost model's offered rate (the goal's) and length. */
const COST_RATE = 1000;
const COST_SECONDS = 20;
/** The whole run's budget; past it the end of the run says so. */
const BUDGET_MINUTES = 15;

const runBegan = performance.now();
const clock = () => {
  const s = Math.round((performance.now() - runBegan) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const began = performance.now();
  console.log(`… [${clock()}] ${name}`);
  const result = await fn();
  console.log(`✔ [${clock()}] ${name} (${((performance.now() - began) / 1000).toFixed(1)} s)`);
  return result;
}

async function runAll() {
  const gateway = process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl;
  const ready = await fetch(`${gateway}/ready`).then(
    (r) => r.ok,
    () => false,
  );
  if (!ready)
    throw new Error(`the system is not running at ${gateway}: start it with \`npm start\` first`);
  const quiet = () => undefined;
  const progress = (line: string) => console.log(`   ${line}`);

  const decide = await step('f. pure decide() on one core', () => decidePerSecond());
  const memory = await step('h. memory per open auction (100,000 auctions)', () =>
    bytesPerOpenAuction(),
  );
  const kafka = await step('a. Kafka produce ceiling (perf tool and kafkajs)', () =>
    kafkaCeiling(),
  );
  const hot = await step('b. processor, one hot auction, one partition, 30,000 bids', () =>
    benchProcessor({ bids: 30_000, auctions: 1, partitions: 1 }, quiet),
  );
  const all = await step('b. processor, 1,000 auctions over 12 partitions, 30,000 bids', () =>
    benchProcessor({ bids: 30_000, auctions: 1000, partitions: 12 }, quiet),
  );
  const gavel = await step('d. baseline: Gavel-style pgbench, hot and over 100 auctions', () =>
    gavelBaselines({}, progress),
  );
  const redis = await step('e. baseline: Redis Lua compare-and-set', () =>
    redisLuaBid([1, 50], 100_000),
  );
  const http = await step(
    `c. HTTP open loop, ${SWEEP_SECONDS} s at each of ${SWEEP_RATES.join(', ')} bids/s (stops at the first overload)`,
    () =>
      benchHttp(
        {
          rates: SWEEP_RATES,
          seconds: SWEEP_SECONDS,
          auctions: 100,
          connections: DEFAULT_CONNECTIONS,
          gateway,
        },
        progress,
      ),
  );
  const cost = await step(
    `j. cost model: CPU per process at ${COST_RATE}/s for ${COST_SECONDS} s (idle measured first)`,
    () =>
      measureCostModel(
        { gateway, ratePerSecond: COST_RATE, seconds: COST_SECONDS, idleSeconds: 5 },
        progress,
      ),
  );
  const feed = await step(
    'c. HTTP → WebSocket at 1,000/s offered, 1,000 subscribers over 100 auctions',
    () =>
      benchFeed(
        { subscribers: 1000, auctions: 100, rate: 1000, seconds: 10, gateway },
        progress,
      ).catch((error: unknown) => {
        console.log(`   could not run: ${(error as Error).message}`);
        return { error: (error as Error).message };
      }),
  );
  const cdc = await step('g. CDC through Debezium', () => cdcBench());
  const ebay = await step('i. the eBay file at maximum speed', () => ebayMaxSpeed());
  // The slower pace first: the faster one may leave a backlog behind it.
  const ebayDay3 = await step('k. the eBay file through HTTP at --day-seconds 3', () =>
    ebayReplay({ gateway, daySeconds: 3 }, progress),
  );
  const ebayDay1 = await step('k. the eBay file through HTTP at --day-seconds 1', () =>
    ebayReplay({ gateway, daySeconds: 1 }, progress),
  );
  return benchResults({
    benchSeconds: Math.round((performance.now() - runBegan) / 1000),
    decide,
    memory,
    kafka,
    hot,
    all,
    gavel,
    redis,
    http,
    cost,
    feed,
    cdc,
    ebay,
    ebayDay1,
    ebayDay3,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { values } = parseArgs({ options: { before: { type: 'string' } } });
    // Read first: a wrong path should not cost a whole run.
    const before =
      values.before === undefined
        ? undefined
        : (JSON.parse(await readFile(values.before, 'utf8')) as Partial<ReportInput>);
    const results = await runAll();
    const folder = path.join(PROJECT_ROOT, 'perf', 'bench', 'results');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'latest.json'), JSON.stringify(results, null, 2));
    await writeFile(path.join(folder, 'latest.md'), markdownReport(results, before));
    const minutes = results.bench_seconds / 60;
    console.log(
      `\n${printTable(results)}\n\nwritten: perf/bench/results/latest.json and perf/bench/results/latest.md` +
        `\nthe run took ${minutes.toFixed(1)} minutes` +
        (minutes > BUDGET_MINUTES ? ` (OVER the ${BUDGET_MINUTES}-minute budget)` : ''),
    );
    process.exit(0);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(1);
  }
}
