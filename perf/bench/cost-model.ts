/**
 * `npx tsx perf/bench/cost-model.ts [--rate R] [--seconds S] [--idle-seconds I] [--auctions A]`
 *
 * The cost model of one bid. Every process of the running system (perf/bench/stack-pids.ts: the
 * gateway, the processor, the sinks, Kafka, Connect, Postgres with all its backends, Redis, the
 * registry, the supervisor) and the load generator itself: their CPU time from /proc before and
 * after a fixed-rate open-loop run through HTTP (perf/load/http-step.ts, until the processor has
 * decided every bid, plus a short settle for the sinks), per 1,000 accepted bids.
 *
 * Two readings, kept apart: gross (everything each process used in the loaded window) and net
 * of idle (less what the same process burns with no load, measured over I seconds first, times
 * the window). Their sum against the window × the cores is the ceiling this machine allows.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepareBidding } from '../load/bidding-setup.js';
import { DecisionCounter } from '../harness/decisions.js';
import { DEFAULT_CONNECTIONS } from '../load/http-client.js';
import { runHttpStep } from '../load/http-step.js';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { costModel, cpuMsBetween, type CostModel } from './cost-arithmetic.js';
import { costTable } from './cost-table.js';
import { clockTicksPerSecond } from './proc-stat.js';
import { sampleCpu, systemProcesses, type WatchedProcess } from './stack-pids.js';

export interface CostOptions {
  readonly gateway: string;
  /** Offered bids per second (default 1,000). */
  readonly ratePerSecond?: number;
  readonly seconds?: number;
  /** The idle window measured first (default 5 s). */
  readonly idleSeconds?: number;
  /** After the last decision, for the sinks to drain (default 2 s). */
  readonly settleSeconds?: number;
  readonly auctions?: number;
}

export interface CostReport {
  readonly offeredPerSecond: number;
  readonly seconds: number;
  readonly idleSeconds: number;
  readonly acceptedPerSecond: number;
  readonly p99Ms: number;
  readonly overloaded: boolean;
  readonly allDecided: boolean;
  readonly processes: readonly WatchedProcess[];
  /** Processes the records name but that were not running. */
  readonly missing: readonly string[];
  readonly model: CostModel;
}

export async function measureCostModel(
  o: CostOptions,
  say: (line: string) => void = console.log,
): Promise<CostReport> {
  const rate = o.ratePerSecond ?? 1000;
  const seconds = o.seconds ?? 20;
  const idleSeconds = o.idleSeconds ?? 5;
  const ticksPerSecond = clockTicksPerSecond();
  const bidding = await prepareBidding(
    {
      gateway: o.gateway,
      auctions: o.auctions ?? 100,
      connections: DEFAULT_CONNECTIONS,
      prefix: 'cost',
    },
    say,
  );
  const decisions = await DecisionCounter.open(
    serviceUrls(readEndpoints()).databaseUrl,
    bidding.auctionIds,
  );
  try {
    const { processes, missing } = systemProcesses();
    if (missing.length > 0) say(`not running, left out of the cost model: ${missing.join(', ')}`);

    say(`idle: ${idleSeconds} s with no load …`);
    const idleBefore = sampleCpu(processes);
    const idleBegan = performance.now();
    await sleep(idleSeconds * 1000);
    const idleMs = cpuMsBetween(idleBefore, sampleCpu(processes), ticksPerSecond);
    const idleWall = (performance.now() - idleBegan) / 1000;
    const idlePerSecond = Object.fromEntries(
      Object.entries(idleMs).map(([name, ms]) => [name, ms / idleWall]),
    );

    const before = sampleCpu(processes);
    const began = performance.now();
    const step = await runHttpStep(bidding, decisions, { ratePerSecond: rate, seconds }, say);
    await sleep((o.settleSeconds ?? 2) * 1000);
    const busyMs = cpuMsBetween(before, sampleCpu(processes), ticksPerSecond);
    const wallMs = performance.now() - began;
    return {
      offeredPerSecond: rate,
      seconds,
      idleSeconds,
      acceptedPerSecond: step.acceptedPerSecond,
      p99Ms: step.latency.p99,
      overloaded: step.overloaded,
      allDecided: step.allDecided,
      processes,
      missing,
      model: costModel({
        busyCpuMs: busyMs,
        idleCpuMsPerSecond: idlePerSecond,
        bids: step.accepted,
        wallMs,
        cores: os.cpus().length,
      }),
    };
  } finally {
    await decisions.close();
    await bidding.client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '20' },
      'idle-seconds': { type: 'string', default: '5' },
      auctions: { type: 'string', default: '100' },
    },
  });
  const report = await measureCostModel({
    gateway: process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl,
    ratePerSecond: Number(values.rate),
    seconds: Number(values.seconds),
    idleSeconds: Number(values['idle-seconds']),
    auctions: Number(values.auctions),
  });
  console.log(`\n${costTable(report)}`);
  process.exit(0);
}
