/**
 * `npm run sinks:rebuild [stats|leaderboards]`: empties a sink's store and replays the events
 * topic from the beginning into it, with progress, then stops. The sink itself must be stopped
 * (its consumer group must have no members); afterwards it resumes from where the rebuild ended.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Kafka, Partitioners } from 'kafkajs';
import { kafkaLogging } from '../platform/kafka-log.js';
import { createLogger } from '../platform/logger.js';
import { createPool } from '../platform/postgres-pool.js';
import { Registry } from '../platform/metrics.js';
import { topicNames } from '../contracts/names.js';
import { readSinkConfig } from './config.js';
import { consumerLag, eventSinkRunner } from './event-sink-runner.js';
import { sinkMetrics } from './sink-metrics.js';
import { leaderboardKeys } from './leaderboard/leaderboard-keys.js';
import { leaderboardSink } from './leaderboard/leaderboard-sink.js';
import { statsSink } from './stats/stats-sink.js';

export class RebuildError extends Error {
  override readonly name = 'RebuildError';
}

type Which = 'stats' | 'leaderboards';

export async function rebuild(which: Which, say: (line: string) => void = console.log) {
  const config = readSinkConfig(which === 'stats' ? 'stats' : 'leaderboard');
  const topics = topicNames(undefined, config.aggregateType);
  const logger = createLogger(`rebuild-${which}`);
  const kafka = new Kafka({
    clientId: `rebuild-${which}`,
    brokers: config.kafkaBrokers,
    ...kafkaLogging(logger),
  });
  const admin = kafka.admin();
  await admin.connect();
  const db = createPool({ connectionString: config.databaseUrl, max: 4 }, logger);
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  try {
    const [group] = (await admin.describeGroups([config.groupId])).groups;
    if (group && group.members.length > 0) {
      throw new RebuildError(
        `the ${which} sink is running (group ${config.groupId} has ${group.members.length} member(s)). Stop it first (stop \`npm start\`), then rebuild.`,
      );
    }
    if (which === 'leaderboards') await redis.connect();
    const sink =
      which === 'stats'
        ? statsSink(db)
        : leaderboardSink(redis, {
            keys: leaderboardKeys(config.leaderboardPrefix),
            dedupSeconds: config.dedupSeconds,
            hotWindowMinutes: config.hotWindowMinutes,
          });
    await sink.clear();
    say(`emptied the ${which} store; replaying ${topics.events} from the beginning …`);
    await admin.resetOffsets({ groupId: config.groupId, topic: topics.events, earliest: true });
    const total = (await consumerLag(admin, config.groupId, topics.events)).total;

    const consumer = kafka.consumer({ groupId: config.groupId, maxWaitTimeInMs: 50 });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([consumer.connect(), producer.connect()]);
    const runner = await eventSinkRunner({
      consumer,
      producer,
      aggregateType: config.aggregateType,
      sink,
      logger,
      // Nobody scrapes a rebuild: its progress is printed instead.
      metrics: sinkMetrics(new Registry()),
    });
    const began = performance.now();
    await runner.start();
    // Done when the group has caught up with the end of the topic as it was when we started.
    for (;;) {
      const lag = (await consumerLag(admin, config.groupId, topics.events)).total;
      const done = Math.max(0, total - lag);
      say(`… ${done}/${total} events (${((100 * done) / Math.max(1, total)).toFixed(0)} %)`);
      if (lag <= 0 || runner.counts.read >= total) break;
      await sleep(1000);
    }
    await runner.stop();
    await producer.disconnect();
    const seconds = (performance.now() - began) / 1000;
    say(
      `rebuilt ${which} from ${runner.counts.read} events in ${seconds.toFixed(1)} s (${runner.counts.deadLettered} dead-lettered)`,
    );
    return runner.counts;
  } finally {
    await admin.disconnect();
    await db.end();
    redis.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { positionals } = parseArgs({ allowPositionals: true });
  const targets = positionals.length === 0 ? (['stats', 'leaderboards'] as Which[]) : positionals;
  const unknown = targets.find((t) => t !== 'stats' && t !== 'leaderboards');
  if (unknown) {
    console.error(`usage: npm run sinks:rebuild [stats|leaderboards]   ("${unknown}" is neither)`);
    process.exit(2);
  }
  try {
    for (const target of targets as Which[]) await rebuild(target);
  } catch (error) {
    console.error(error instanceof RebuildError ? `rebuild: ${error.message}` : error);
    process.exitCode = 1;
  }
}
