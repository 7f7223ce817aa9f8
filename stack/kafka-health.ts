/**
 * What `stack:status` says about the Kafka cluster as a whole: which brokers the cluster knows,
 * and the partitions that have fewer in-sync replicas than replicas (under-replicated) or no
 * leader at all. The three-broker fault test waits on the same figures.
 */
import { Kafka, logLevel } from 'kafkajs';
import { type Endpoints, kafkaNodes } from '../platform/endpoints.js';

export interface PartitionReplication {
  readonly topic: string;
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface KafkaHealth {
  /** Node ids of the brokers the cluster's metadata lists now. */
  readonly liveBrokers: readonly number[];
  readonly controller: number | null;
  readonly partitions: number;
  readonly underReplicated: readonly PartitionReplication[];
  readonly leaderless: readonly PartitionReplication[];
}

/** The cluster's health, asked of any broker that answers; undefined when none does. */
export async function kafkaHealth(endpoints: Endpoints): Promise<KafkaHealth | undefined> {
  const admin = new Kafka({
    brokers: kafkaNodes(endpoints).map((node) => `${endpoints.host}:${node.port}`),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 1 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const { topics } = await admin.fetchTopicMetadata();
    const partitions = topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionId,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
      })),
    );
    return {
      liveBrokers: cluster.brokers.map((b) => b.nodeId).sort((a, b) => a - b),
      controller: cluster.controller,
      partitions: partitions.length,
      underReplicated: partitions.filter((p) => p.isr.length < p.replicas.length),
      leaderless: partitions.filter((p) => p.leader < 0),
    };
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The lines `stack:status` prints about the cluster. */
export function formatKafkaHealth(health: KafkaHealth | undefined, expected: number): string[] {
  if (!health) return ['kafka cluster: no broker answers'];
  const lines = [
    `kafka cluster: ${health.liveBrokers.length} of ${expected} broker${expected === 1 ? '' : 's'} in the cluster ` +
      `(${health.liveBrokers.join(', ') || 'none'}; controller ${health.controller ?? 'none'}), ` +
      `${health.partitions} partitions, ${health.underReplicated.length} under-replicated, ` +
      `${health.leaderless.length} without a leader`,
  ];
  const shown = health.underReplicated.slice(0, 10);
  for (const p of shown)
    lines.push(
      `  under-replicated ${p.topic}[${p.partition}]: replicas ${p.replicas.join(',')}, in sync ${p.isr.join(',') || 'none'}`,
    );
  if (health.underReplicated.length > shown.length)
    lines.push(`  … and ${health.underReplicated.length - shown.length} more`);
  return lines;
}
