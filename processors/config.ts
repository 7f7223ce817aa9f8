/** The processor's configuration, read and validated once at start. */
import { z } from 'zod';
import { DEFAULT_CONSUMER_STALL_MS } from '../platform/consumer-liveness.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { ALL_PARTITIONS_AT_ONCE } from '../platform/pipeline-kafka.js';
import { DEFAULT_DECIDING_STALL_MS } from '../platform/deciding-stall.js';
import { DEFAULT_AGGREGATE_TYPE, topicNames } from '../contracts/names.js';
import { DEFAULT_AUCTION_LIMITS } from './domain/index.js';

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;

export function readProcessorConfig(env: NodeJS.ProcessEnv = process.env) {
  const urls = serviceUrls(readEndpoints(env));
  const number = (name: string, fallback: number) => Number(env[name] ?? fallback);
  return z
    .object({
      kafkaBrokers: z.array(z.string().min(1)).min(1),
      databaseUrl: z.string().url(),
      registryUrl: z.string().url(),
      commandsTopic: z.string().min(1),
      aggregateType: z.string().regex(/^[a-z0-9_.-]+$/),
      groupId: z.string().min(1),
      instanceId: z.string().min(1),
      /** Bids stamped by the gateway just before the end still count if they arrive within this. */
      closeGraceMs: z.number().int().min(0).max(60_000),
      partitionsConsumedConcurrently: z.number().int().min(1).max(64),
      /** Most commands decided and committed in one transaction. */
      maxBatch: z.number().int().min(1).max(10_000),
      /** GET /metrics for Prometheus; 0 picks a free port (logged at start). */
      metricsPort: z.number().int().min(0).max(65535),
      metricsHost: z.string().min(1),
      /** Messages waiting and none handled for this long: the consumer has stalled (restart). */
      consumerStallMs: z.number().int().min(1000),
      /** Bounds on auctions, applied by the pure rules. */
      auctionLimits: z
        .object({
          startSkewMs: z.number().int().min(0),
          maxStartAheadMs: z.number().int().min(DAY_MS),
          maxDurationMs: z.number().int().min(SECOND_MS),
        })
        .strict(),
      /** Longest a commit may wait on Postgres (a lock, a stalled disk) before it is retried. */
      commitTimeoutMs: z.number().int().min(100).max(60_000),
      /** /health answers 503 once a partition's oldest undecided command waited this long. */
      decidingStallMs: z.number().int().min(100),
    })
    .strict()
    .parse({
      kafkaBrokers: env.KAFKA_BROKERS?.split(',') ?? urls.kafkaBrokers,
      databaseUrl: env.DATABASE_URL ?? urls.databaseUrl,
      registryUrl: env.SCHEMA_REGISTRY_URL ?? urls.registryUrl,
      commandsTopic: env.COMMANDS_TOPIC ?? topicNames().commands,
      aggregateType: env.EVENTS_AGGREGATE_TYPE ?? DEFAULT_AGGREGATE_TYPE,
      groupId: env.PROCESSOR_GROUP_ID ?? 'auction-processors',
      instanceId: env.PROCESSOR_INSTANCE_ID ?? `processor-${process.pid}`,
      closeGraceMs: number('CLOSE_GRACE_MS', 1000),
      partitionsConsumedConcurrently: number('PROCESSOR_CONCURRENCY', ALL_PARTITIONS_AT_ONCE),
      maxBatch: number('PROCESSOR_MAX_BATCH', 1000),
      metricsPort: number('PROCESSOR_METRICS_PORT', 9464),
      metricsHost: env.METRICS_HOST ?? '127.0.0.1',
      consumerStallMs: number('CONSUMER_STALL_MS', DEFAULT_CONSUMER_STALL_MS),
      auctionLimits: {
        startSkewMs:
          number('AUCTION_START_SKEW_SECONDS', DEFAULT_AUCTION_LIMITS.startSkewMs / SECOND_MS) *
          SECOND_MS,
        maxStartAheadMs:
          number('AUCTION_MAX_START_AHEAD_DAYS', DEFAULT_AUCTION_LIMITS.maxStartAheadMs / DAY_MS) *
          DAY_MS,
        maxDurationMs:
          number('AUCTION_MAX_DURATION_DAYS', DEFAULT_AUCTION_LIMITS.maxDurationMs / DAY_MS) *
          DAY_MS,
      },
      commitTimeoutMs: number('PROCESSOR_COMMIT_TIMEOUT_MS', 5000),
      decidingStallMs: number('DECIDING_STALL_MS', DEFAULT_DECIDING_STALL_MS),
    });
}

export type ProcessorConfig = ReturnType<typeof readProcessorConfig>;
