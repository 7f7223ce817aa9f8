/** Test support: a Kafka message as kafkajs hands it to a consumer, for the decoders' tests. */
import type { KafkaMessage } from 'kafkajs';

export const kafkaMessage = (
  key: string,
  value: unknown,
  headers: Readonly<Record<string, string | Buffer>>,
): KafkaMessage => ({
  key: Buffer.from(key),
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: { ...headers },
  offset: '0',
  timestamp: '0',
  attributes: 0,
});
