/**
 * A bounded read of the commands topic: in each partition asked for, from a given offset up to
 * its high watermark as it was when the scan began, keeping only the messages of the wanted
 * keys (auction ids). kafkajs has no group-less consumer, so the scan joins a throwaway group of
 * its own, commits nothing, seeks explicitly, and deletes the group when it is done (as
 * `npm run topic` does). Partitions not asked for are sought to their end, so nothing is read
 * from them. The commands topic is written without transactions, so every offset is a message
 * and the scan is done when it has handled the one before each partition's high watermark.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

/** A partition's offsets: the first it still holds and the next to come. */
export interface PartitionBounds {
  readonly low: bigint;
  readonly high: bigint;
}

/** The bounds of each partition of `topic`; undefined when the topic does not exist. */
export async function topicBounds(
  admin: Admin,
  topic: string,
): Promise<Map<number, PartitionBounds> | undefined> {
  if (!(await admin.listTopics()).includes(topic)) return undefined;
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(
    offsets.map((p) => [p.partition, { low: BigInt(p.low), high: BigInt(p.high) }] as const),
  );
}

export interface ScanRequest {
  readonly topic: string;
  /** Per partition: where to start, where to stop (exclusive: the high watermark), which keys. */
  readonly partitions: ReadonlyMap<
    number,
    { readonly from: bigint; readonly to: bigint; readonly keys: ReadonlySet<string> }
  >;
  /** Every partition's bounds (to park the others at their end). */
  readonly bounds: ReadonlyMap<number, PartitionBounds>;
  /** Give up (with an error) after this long: a scan must not hang on an unreachable broker. */
  readonly timeoutMs: number;
}

export interface ScannedMessage {
  readonly partition: number;
  readonly message: KafkaMessage;
}

export class ScanTimedOut extends Error {
  override readonly name = 'ScanTimedOut';
}

/** The wanted keys' messages, by key, in offset order. */
export async function scanPartitions(
  kafka: Kafka,
  admin: Admin,
  request: ScanRequest,
): Promise<Map<string, ScannedMessage[]>> {
  const found = new Map<string, ScannedMessage[]>();
  // The next offset each asked-for partition still has to pass; done when each reached its end.
  const next = new Map<number, bigint>();
  for (const [partition, { from, to }] of request.partitions)
    if (from < to) next.set(partition, from);
  if (next.size === 0) return found;

  const groupId = `audit-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, retry: { retries: 5 } });
  let finish!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = (error?: unknown) =>
      error === undefined
        ? resolve()
        : reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
  });
  const passed = (partition: number, offset: bigint) => {
    const wanted = request.partitions.get(partition);
    if (!wanted || !next.has(partition)) return;
    if (offset + 1n >= wanted.to) next.delete(partition);
    else if (offset + 1n > next.get(partition)!) next.set(partition, offset + 1n);
    if (next.size === 0) finish();
  };
  const timer = setTimeout(
    () =>
      finish(
        new ScanTimedOut(
          `the scan of ${request.topic} did not reach the end of partitions ${[...next.keys()].join(', ')} within ${request.timeoutMs} ms`,
        ),
      ),
    request.timeoutMs,
  );
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) finish(payload.error);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: request.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        const wanted = request.partitions.get(partition);
        const offset = BigInt(message.offset);
        const key = message.key?.toString();
        if (wanted && offset >= wanted.from && offset < wanted.to && key && wanted.keys.has(key)) {
          const list = found.get(key) ?? [];
          // A fetch before the seek applies, or a refetch after a rebalance, may bring one twice.
          if (!list.some((m) => m.message.offset === message.offset))
            list.push({ partition, message });
          found.set(key, list);
        }
        passed(partition, offset);
        return Promise.resolve();
      },
    });
    for (const [partition, bounds] of request.bounds) {
      const wanted = request.partitions.get(partition);
      const offset = wanted && next.has(partition) ? wanted.from : bounds.high;
      consumer.seek({ topic: request.topic, partition, offset: offset.toString() });
    }
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    // The group holds no offsets; if it cannot be deleted now, the broker drops it by itself.
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  for (const list of found.values())
    list.sort((a, b) => (BigInt(a.message.offset) < BigInt(b.message.offset) ? -1 : 1));
  return found;
}
