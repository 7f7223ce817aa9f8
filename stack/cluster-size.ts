/**
 * Which Kafka cluster the stack commands act on. STACK_KAFKA_BROKERS chooses it for `stack:up`;
 * the other commands follow the data that is here, so `stack:down` and `stack:status` find a
 * three-node cluster without being told again.
 */
import { existsSync } from 'node:fs';
import { type Endpoints, kafkaNodes, readEndpoints } from '../platform/endpoints.js';
import { kafkaNodeName } from './components/kafka.js';
import { StackError } from './errors.js';
import type { StackPaths } from './paths.js';

/** The cluster size whose data folders exist here, if any. */
export function clusterSizeOnDisk(paths: StackPaths): 1 | 3 | undefined {
  if (existsSync(paths.data('kafka-1'))) return 3;
  if (existsSync(paths.data('kafka'))) return 1;
  return undefined;
}

/** The endpoints, with the cluster size taken from the data here unless STACK_KAFKA_BROKERS is set. */
export function stackEndpoints(paths: StackPaths, env: NodeJS.ProcessEnv = process.env): Endpoints {
  const onDisk = clusterSizeOnDisk(paths);
  if (env.STACK_KAFKA_BROKERS !== undefined || onDisk === undefined) return readEndpoints(env);
  return readEndpoints({ ...env, STACK_KAFKA_BROKERS: String(onDisk) });
}

/**
 * Refuses to bring up a cluster of another size on this data: the processors' offsets in
 * Postgres and Connect's in Kafka belong to the cluster that made them.
 */
export function assertClusterSizeMatchesData(paths: StackPaths, endpoints: Endpoints) {
  const onDisk = clusterSizeOnDisk(paths);
  if (onDisk === undefined || onDisk === endpoints.kafkaBrokers) return;
  const folders = kafkaNodes({ ...endpoints, kafkaBrokers: onDisk }).map((node) =>
    kafkaNodeName(node, onDisk),
  );
  throw new StackError(
    `This stack's data (${paths.root}) was made with ${onDisk} Kafka broker${onDisk === 1 ? '' : 's'} ` +
      `(${folders.join(', ')}), and STACK_KAFKA_BROKERS asks for ${endpoints.kafkaBrokers}. ` +
      'The processors keep their Kafka offsets in Postgres, so a new cluster needs new data: run ' +
      '`npm run stack:down -- --purge` (deletes the local data, keeps the downloads), then start again; ' +
      `or leave STACK_KAFKA_BROKERS unset (or ${onDisk}) to use this data.`,
  );
}
