/** The processor's Prometheus metrics, registered on the registry its main creates. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CommandOutcome } from './batch-decider.js';

/** Seconds; from a few ms (one quiet batch) to tens of seconds (catching up after a restart). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Seconds the oldest command not yet decided has been held, by owned partition (0: none). */
export type UndecidedAges = () => ReadonlyMap<number, number>;

export function processorMetrics(
  registry: Registry,
  undecidedAges: UndecidedAges = () => new Map(),
) {
  const registers = [registry];
  return {
    failedCommits: new Counter({
      name: 'processor_failed_commits_total',
      help: 'Tries to decide and commit a batch (or part of one) that failed, by partition and whether the failure can pass on a retry',
      labelNames: ['partition', 'retriable'] as const,
      registers,
    }),
    poison: new Counter({
      name: 'processor_poison_commands_total',
      help: 'Commands the store refused: decided as a rejection (rejected) or sent to the dead-letter topic (dead_lettered)',
      labelNames: ['partition', 'outcome'] as const,
      registers,
    }),
    oldestUndecidedAge: new Gauge({
      name: 'processor_oldest_undecided_command_age_seconds',
      help: 'How long the oldest command this processor holds for the partition has waited for its decision (0: none waiting)',
      labelNames: ['partition'] as const,
      registers,
      collect() {
        this.reset();
        for (const [partition, age] of undecidedAges())
          this.set({ partition: String(partition) }, age);
      },
    }),
    decisions: new Counter({
      name: 'processor_decisions_total',
      help: 'Commands decided and committed, by command type and outcome (accepted, rejected, repeat, ignored)',
      labelNames: ['command_type', 'outcome'] as const,
      registers,
    }),
    decisionLatency: new Histogram({
      name: 'processor_decision_latency_seconds',
      help: "From the command's stamp (issuedAt, set by the gateway) to the commit of its decision",
      labelNames: ['command_type'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    batchCommit: new Histogram({
      name: 'processor_batch_commit_seconds',
      help: 'Duration of the one Postgres transaction that commits a group: decisions, events and offsets',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    batchSize: new Histogram({
      name: 'processor_batch_commands',
      help: 'Commands per committed batch',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers,
    }),
  };
}

export type ProcessorMetrics = ReturnType<typeof processorMetrics>;

/**
 * Counts a committed batch's decisions and how long each command waited for its commit. The
 * counts are summed per batch (one inc per command type and outcome), and each type's labels
 * object is built once per batch: prom-client hashes the labels on every call.
 */
export function recordCommittedBatch(
  metrics: ProcessorMetrics,
  outcomes: readonly CommandOutcome[],
  committedAt: number,
  commitSeconds: number,
) {
  metrics.batchCommit.observe(commitSeconds);
  metrics.batchSize.observe(outcomes.length);
  const counts = new Map<string, Map<CommandOutcome['outcome'], number>>();
  const typeLabels = new Map<string, { command_type: string }>();
  for (const o of outcomes) {
    let byOutcome = counts.get(o.commandType);
    let labels = typeLabels.get(o.commandType);
    if (!byOutcome || !labels) {
      byOutcome = new Map();
      labels = { command_type: o.commandType };
      counts.set(o.commandType, byOutcome);
      typeLabels.set(o.commandType, labels);
    }
    byOutcome.set(o.outcome, (byOutcome.get(o.outcome) ?? 0) + 1);
    // A repeat was decided long ago: its wait says nothing about this commit.
    if (o.outcome !== 'repeat')
      metrics.decisionLatency.observe(labels, Math.max(0, committedAt - o.issuedAt) / 1000);
  }
  for (const [commandType, byOutcome] of counts)
    for (const [outcome, n] of byOutcome)
      metrics.decisions.inc({ command_type: commandType, outcome }, n);
}
