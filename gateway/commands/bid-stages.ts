/**
 * Where a bid's time goes at the gateway, stage by stage: `gateway_bid_stage_seconds{stage}`.
 * Read it as sum/count per stage for the mean, or by bucket for the tail; docs/performance.md
 * keeps the breakdown before and after each change.
 */
import { Histogram, type Registry } from 'prom-client';

export type BidStage =
  /** The per-user and per-address limits (Redis). */
  | 'rate_limit'
  /** The auction's facts and whether this bid was decided before (memory, or batched Postgres). */
  | 'lookup'
  /** Claiming the Idempotency-Key (Redis). */
  | 'idempotency'
  /** Encoding the command and waiting for Kafka's acknowledgement (acks=all). */
  | 'publish';

export interface BidStages {
  time<T>(stage: BidStage, work: Promise<T>): Promise<T>;
}

export function bidStageMetrics(registry: Registry): BidStages {
  const histogram = new Histogram({
    name: 'gateway_bid_stage_seconds',
    help: 'Time a bid spent in each stage of the gateway: rate_limit, lookup, idempotency, publish',
    labelNames: ['stage'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  // One child per stage, looked up once: prom-client hashes the labels on every observe.
  const stages = new Map<BidStage, ReturnType<typeof histogram.labels>>();
  const child = (stage: BidStage) => {
    let found = stages.get(stage);
    if (!found) stages.set(stage, (found = histogram.labels(stage)));
    return found;
  };
  return {
    time(stage, work) {
      const start = performance.now();
      const end = () => child(stage).observe((performance.now() - start) / 1000);
      // One reaction on the work, not an async function's promise and await around it.
      return work.then(
        (value) => (end(), value),
        (error: unknown) => {
          end();
          throw error;
        },
      );
    },
  };
}

/** For tests and tools that do not measure. */
export const untimedStages: BidStages = { time: (_stage, work) => work };
