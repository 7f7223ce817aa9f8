/**
 * kafkajs's DefaultPartitioner (murmur2 on the key, as Kafka's Java clients and so Debezium
 * partition), remembering each key's partition: kafkajs asks once per message, and the default
 * hashes the key and filters the partition list each time, while the gateway's keys (auction
 * ids) repeat. The answer depends only on the key and the partition count, which the cache is
 * keyed by; a message with a partition of its own or no key goes to the default as before.
 */
import { Partitioners, type ICustomPartitioner } from 'kafkajs';

/** Keys remembered per topic: far more than the auctions with live bidding; then it starts over. */
const MAX_KEYS = 100_000;

export const CachedDefaultPartitioner: ICustomPartitioner = () => {
  const partition = Partitioners.DefaultPartitioner();
  const topics = new Map<string, { count: number; byKey: Map<string, number> }>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    const key = message.key;
    if (typeof key !== 'string' || (message.partition !== undefined && message.partition !== null))
      return partition(args);
    let known = topics.get(topic);
    if (!known || known.count !== partitionMetadata.length || known.byKey.size >= MAX_KEYS) {
      known = { count: partitionMetadata.length, byKey: new Map() };
      topics.set(topic, known);
    }
    let chosen = known.byKey.get(key);
    if (chosen === undefined) {
      chosen = partition(args);
      known.byKey.set(key, chosen);
    }
    return chosen;
  };
};
