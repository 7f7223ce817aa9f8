/**
 * `npm run -s topic -- <topic> [--from beginning|end|<offset>] [--count N] [--follow]`: prints
 * each message of a topic as one JSON line on stdout (scripts/topic/message-line.ts), Avro
 * values decoded through the schema registry, so that `jq` can take it from there. Progress and
 * problems go to stderr. Without --follow it stops at the end of every partition as it was at
 * the start, or after --count messages; with --follow it reads on until Ctrl-C.
 *
 * It reads through a consumer group of its own (kafkajs has no group-less consumer) with a
 * throwaway id, commits no offset, seeks each partition explicitly and deletes the group when
 * it is done. If it is killed before that (a second Ctrl-C), the group holds no offsets: once its
 * member's session times out the group is empty, and the broker's next clean-up of group
 * metadata (offsets.retention.check.interval.ms, 10 minutes by default) removes it.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import kafkajs, { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { topicNames } from '../contracts/names.js';
import { parseTopicArguments, USAGE, UsageError, type TopicArguments } from './topic/arguments.js';
import { messageLine } from './topic/message-line.js';
import { ReadPlan, type PartitionBounds } from './topic/read-plan.js';
import { topicToolSettings, type TopicToolSettings } from './topic/settings.js';
import { decodeValue, wireSchemaId } from './topic/value-decoding.js';

// kafkajs's error classes are not named exports Node can find in its CommonJS module.
const { KafkaJSConnectionError, KafkaJSDeleteGroupsError, KafkaJSNumberOfRetriesExceeded } =
  kafkajs;

const note = (line: string) => process.stderr.write(`${line}\n`);

class ToolError extends Error {
  override readonly name = 'ToolError';
}

async function main() {
  let args: TopicArguments;
  try {
    args = parseTopicArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    note(`${error.message}\n${USAGE}\n(this system's topics: ${knownTopics().join(', ')})`);
    process.exitCode = 2;
    return;
  }
  const settings = topicToolSettings();
  const kafka = new Kafka({
    clientId: 'topic-tool',
    brokers: [...settings.brokers],
    // The tool says itself what went wrong, on stderr; kafkajs's own lines would only repeat it.
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 200, retries: 2 },
  });
  const admin = kafka.admin();
  try {
    await connect(admin, settings);
    const partitions = await partitionBounds(admin, args.topic);
    const plan = new ReadPlan(partitions, args.from, args);
    if (plan.finished) {
      note(`${args.topic}: nothing to read (${partitions.length} partitions, all at their end)`);
      return;
    }
    await read(kafka, admin, args, plan, settings);
  } finally {
    await admin.disconnect();
  }
}

function knownTopics(): string[] {
  const topics = topicNames();
  return [topics.commands, topics.events, topics.commandsDeadLetter, topics.eventsDeadLetter];
}

function unreachable(error: unknown): boolean {
  if (error instanceof KafkaJSConnectionError) return true;
  return error instanceof KafkaJSNumberOfRetriesExceeded && unreachable(error.cause);
}

async function connect(admin: Admin, settings: TopicToolSettings) {
  try {
    await admin.connect();
  } catch (error) {
    if (!unreachable(error)) throw error;
    throw new ToolError(
      `Kafka is not reachable at ${settings.brokers.join(',')} (${(error as Error).message}): ` +
        'is the system running? start it with npm start ' +
        '(or point KAFKA_BROKERS / STACK_KAFKA_PORT at the broker)',
    );
  }
}

async function partitionBounds(admin: Admin, topic: string): Promise<PartitionBounds[]> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) {
    const listed = topics.filter((t) => !t.startsWith('_')).sort();
    throw new ToolError(
      `no topic ${topic} on the broker; it has: ${listed.join(', ') || '(none)'}`,
    );
  }
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets
    .map((p) => ({ partition: p.partition, low: BigInt(p.low), high: BigInt(p.high) }))
    .sort((a, b) => a.partition - b.partition);
}

async function read(
  kafka: Kafka,
  admin: Admin,
  args: TopicArguments,
  plan: ReadPlan,
  settings: TopicToolSettings,
) {
  const groupId = `topic-tool-${randomUUID()}`;
  const registry = new SchemaRegistry({ host: settings.registryUrl });
  const undecodable = new Set<number>();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, retry: { retries: 5 } });

  let stopping = false;
  let resolveDone!: (outcome: { error?: unknown }) => void;
  const done = new Promise<{ error?: unknown }>((resolve) => (resolveDone = resolve));
  const finish = (outcome: { error?: unknown }) => {
    stopping = true;
    resolveDone(outcome);
  };
  const finishIfDone = () => {
    if (plan.finished) finish({});
  };

  process.once('SIGINT', () => {
    note('stopping (Ctrl-C again to quit at once) …');
    process.once('SIGINT', () => process.exit(130));
    finish({});
  });
  process.stdout.on('error', (error: NodeJS.ErrnoException) =>
    // The reader went away (`| head`): nothing more to print.
    error.code === 'EPIPE' ? finish({}) : finish({ error }),
  );
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) finish({ error: payload.error });
    else note(`the consumer failed and starts again: ${payload.error.message}`);
  });
  // A batch of records the consumer filters out (transaction markers) still moves it on.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    plan.passed(payload.partition, BigInt(payload.lastOffset));
    finishIfDone();
  });

  note(
    `reading ${args.topic} from ${describeStart(args)}` +
      `${args.count === undefined ? '' : `, at most ${args.count} messages`}` +
      `${args.follow ? ', following until Ctrl-C' : ''} (throwaway group ${groupId}, no offsets committed)`,
  );
  try {
    await consumer.connect();
    // From the beginning until the seeks below apply: a fetch before them only finds messages
    // the plan skips, never jumps past one it must print.
    await consumer.subscribe({ topic: args.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (stopping || !plan.accept(partition, BigInt(message.offset))) return;
        const value = await decodeValue(message.value, (bytes) => registry.decode(bytes));
        if (value.format === 'base64' && value.error !== undefined) {
          const id = wireSchemaId(message.value ?? Buffer.alloc(0)) ?? -1;
          if (!undecodable.has(id)) note(`${value.error} (shown as base64)`);
          undecodable.add(id);
        }
        if (!process.stdout.write(`${messageLine({ ...message, partition }, value)}\n`))
          await once(process.stdout, 'drain');
        finishIfDone();
      },
    });
    for (const [partition, offset] of plan.starts())
      consumer.seek({ topic: args.topic, partition, offset: offset.toString() });
    const outcome = await done;
    if (outcome.error !== undefined)
      throw outcome.error instanceof Error
        ? outcome.error
        : new Error(JSON.stringify(outcome.error));
  } finally {
    await leave(consumer, admin, groupId);
    note(`${plan.count} messages`);
  }
}

function describeStart({ from }: TopicArguments) {
  switch (from.kind) {
    case 'beginning':
    case 'end':
      return `the ${from.kind}`;
    case 'offset':
      return `offset ${from.offset}`;
    case 'last':
      return `the last ${from.count} of each partition`;
    default: {
      const never: never = from;
      return String(never);
    }
  }
}

/** Leaves the group and deletes it, so that nothing of this reading stays on the broker. */
async function leave(consumer: Consumer, admin: Admin, groupId: string) {
  await consumer.disconnect();
  try {
    await admin.deleteGroups([groupId]);
  } catch (error) {
    // Already gone: the broker dropped the empty group by itself.
    const gone =
      error instanceof KafkaJSDeleteGroupsError &&
      error.groups.every((g) => g.errorCode === 0 || g.error?.type === 'GROUP_ID_NOT_FOUND');
    if (!gone)
      note(
        `could not delete the throwaway group ${groupId} (${(error as Error).message}); ` +
          'it holds no offsets, and the broker removes it by itself within minutes',
      );
  }
}

main().catch((error: unknown) => {
  note(error instanceof ToolError ? error.message : `topic: ${String(error)}`);
  if (!(error instanceof ToolError) && error instanceof Error && error.stack) note(error.stack);
  process.exitCode = 1;
});
