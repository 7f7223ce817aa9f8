/**
 * `npm run bench`: on the running system (`npm start`), measures side by side in one run the
 * Kafka ceiling, the processor, the baselines (pgbench row locking, Redis Lua), the pure rules,
 * HTTP and live-feed latency, CDC, memory per auction and the eBay file at maximum speed.
 * Writes bench/results/latest.json and latest.md, and prints the table.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchFeed } from '../loadtest/feed-latency.js';
import { benchHttp } from '../loadtest/http-bench.js';
import { loadtest } from '../loadtest/loadtest.js';
import { benchProcessor } from '../loadtest/processor-bench.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { pgbenchForUpdate, redisLuaBid } from './baselines.js';
import { cdcBench } from './cdc.js';
import { bytesPerOpenAuction, decidePerSecond } from './decide-core.js';
import { ebayMaxSpeed } from './ebay-max-speed.js';
import { kafkaCeiling } from './kafka-ceiling.js';
import { markdownReport, printTable } from './report.js';

export type BenchResults = Awaited<ReturnType<typeof runAll>>;

async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const began = performance.now();
  console.log(`… ${name}`);
  const result = await fn();
  console.log(`✔ ${name} (${((performance.now() - began) / 1000).toFixed(1)} s)`);
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

  const decide = await step('f. pure decide() on one core', () => decidePerSecond());
  const memory = await step('h. memory per open auction (100,000 auctions)', () =>
    bytesPerOpenAuction(),
  );
  const kafka = await step('a. Kafka produce ceiling (perf tool and kafkajs)', () =>
    kafkaCeiling(),
  );
  const hot = await step('b. processor, one hot auction, one partition', () =>
    benchProcessor({ bids: 50_000, auctions: 1, partitions: 1 }, quiet),
  );
  const all = await step('b. processor, 1,000 auctions over 12 partitions', () =>
    benchProcessor({ bids: 60_000, auctions: 1000, partitions: 12 }, quiet),
  );
  const pgbench = await step('d. baseline: pgbench SELECT … FOR UPDATE', () => pgbenchForUpdate());
  const redis = await step('e. baseline: Redis Lua compare-and-set', () => redisLuaBid());
  const http = await step('c. HTTP at saturation', () =>
    benchHttp({ seconds: 15, connections: 64, auctions: 100, gateway }, quiet),
  );
  const feed = [];
  for (const rate of [100, 500, 1000]) {
    feed.push(
      await step(`c. HTTP → WebSocket at ${rate}/s offered`, () =>
        benchFeed({ subscribers: 20, rate, seconds: 8, gateway }, quiet),
      ),
    );
  }
  const sniping = [];
  for (const target of ['kafka', 'http'] as const) {
    const rate = target === 'kafka' ? 1000 : 100;
    sniping.push(
      await step(
        `sniping-shaped load via ${target}: ${rate}/s, ×10 over the last 5 s on 3 hot auctions`,
        () =>
          loadtest(
            {
              rate,
              seconds: 10,
              auctions: 20,
              hot: 3,
              hotShare: 0.8,
              snipeSeconds: 5,
              maxBoost: 10,
              target,
              gateway,
            },
            quiet,
          ),
      ),
    );
  }
  const cdc = await step('g. CDC through Debezium', () => cdcBench());
  const ebay = await step('i. the eBay file at maximum speed', () => ebayMaxSpeed());
  const at1000 = feed.find((f) => f.offeredPerSecond === 1000)!;
  return {
    measured_at: new Date().toISOString(),
    machine_cores: os.cpus().length,
    kafka_produce_ceiling_per_s: kafka.javaPerSecond,
    kafkajs_produce_per_s: kafka.kafkajsPerSecond,
    processor_hot_decisions_per_s: hot.decisionsPerSecond,
    processor_all_decisions_per_s: all.decisionsPerSecond,
    pgbench_for_update_best_tps: Math.max(...pgbench.map((p) => p.tps)),
    pgbench_for_update: pgbench,
    redis_lua_best_ops: Math.max(...redis.map((p) => p.opsPerSecond)),
    redis_lua: redis,
    decide_per_s_one_core: decide,
    http_accepted_bids_per_s: http.acceptedPerSecond,
    e2e_p50_ms_at_1000: at1000.p50,
    e2e_p99_ms_at_1000: at1000.p99,
    feed_latency: feed,
    sniping,
    cdc_events_per_s: cdc.eventsPerSecond,
    cdc_lag_p50_ms: cdc.steadyLag.p50,
    cdc_lag_p99_ms: cdc.steadyLag.p99,
    processor_bytes_per_open_auction: memory,
    ebay_replay_max_speed_s: ebay.seconds,
    ebay_commands: ebay.commands,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const results = await runAll();
    const folder = path.join(PROJECT_ROOT, 'bench', 'results');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'latest.json'), JSON.stringify(results, null, 2));
    await writeFile(path.join(folder, 'latest.md'), markdownReport(results));
    console.log(
      `\n${printTable(results)}\n\nwritten: bench/results/latest.json and bench/results/latest.md`,
    );
    process.exit(0);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(1);
  }
}
