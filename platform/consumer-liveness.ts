/**
 * Watches one kafkajs consumer from outside: every few seconds it reads the lag of the
 * partitions the consumer owns, and if messages wait there while no batch has been handled for
 * `stallMs` (or kafkajs gave up on the consumer), it calls `onDead`. Processors and sinks then
 * exit for their supervisor to restart them (exit-for-restart.ts); the gateway's live feed
 * starts a fresh consumer. A fresh consumer is the one cure known to work for a kafkajs
 * consumer that stopped fetching.
 */
import type { Consumer } from 'kafkajs';
import type { PartitionLag } from './metrics.js';
import {
  initialStallState,
  isStalled,
  recordActivity,
  recordLag,
  type StallState,
} from './stall-detector.js';

/** Messages waiting and none handled for this long: the consumer is dead (`CONSUMER_STALL_MS`). */
export const DEFAULT_CONSUMER_STALL_MS = 30_000;

export type ConsumerDeath =
  | { readonly reason: 'stalled'; readonly lag: number; readonly idleMs: number }
  | { readonly reason: 'crashed'; readonly error: unknown };

export interface ConsumerLivenessOptions {
  readonly consumer: Pick<Consumer, 'on' | 'events'>;
  readonly topic: string;
  /** Lag per partition; only the partitions this member was assigned count. */
  readonly readLag: () => Promise<readonly PartitionLag[]>;
  readonly onDead: (death: ConsumerDeath) => void;
  readonly onLagError?: (error: unknown) => void;
  readonly stallMs?: number;
  readonly checkEveryMs?: number;
  readonly now?: () => number;
}

export class ConsumerLiveness {
  private state: StallState;
  private assigned: ReadonlySet<number> = new Set();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private dead = false;
  private readonly stallMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ConsumerLivenessOptions) {
    this.stallMs = options.stallMs ?? DEFAULT_CONSUMER_STALL_MS;
    this.now = options.now ?? Date.now;
    this.state = initialStallState(this.now());
    const { consumer, topic } = options;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = new Set(payload.memberAssignment[topic] ?? []);
      this.touch();
    });
    consumer.on(consumer.events.START_BATCH_PROCESS, () => this.touch());
    consumer.on(consumer.events.END_BATCH_PROCESS, () => this.touch());
    // restart: false means kafkajs has stopped this consumer for good.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.die({ reason: 'crashed', error: payload.error });
    });
  }

  /** Counts as progress: a batch started, finished, or tried again. */
  touch() {
    this.state = recordActivity(this.state, this.now());
  }

  start() {
    this.timer = setInterval(() => void this.check(), this.options.checkEveryMs ?? 5000);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  private async check() {
    if (this.checking || this.dead) return;
    this.checking = true;
    try {
      const lags = await this.options.readLag();
      const lag = lags.filter((p) => this.assigned.has(p.partition)).reduce((n, p) => n + p.lag, 0);
      this.state = recordLag(this.state, { ok: true, lag }, this.now());
      const now = this.now();
      if (isStalled(this.state, now, this.stallMs))
        this.die({ reason: 'stalled', lag, idleMs: now - this.state.lastActivityAt });
    } catch (error) {
      this.state = recordLag(this.state, { ok: false }, this.now());
      this.options.onLagError?.(error);
    } finally {
      this.checking = false;
    }
  }

  private die(death: ConsumerDeath) {
    if (this.dead) return;
    this.dead = true;
    this.stop();
    this.options.onDead(death);
  }
}
