/** a. The Kafka produce ceiling for a command-sized record: Kafka's own perf tool, and bare kafkajs. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { stackPaths } from '../../stack/paths.js';
import { findToolchain } from '../../stack/prerequisites.js';

const RECORD_BYTES = 180; // about one Avro PlaceBid with headers

async function freshTopic(kafka: Kafka, name: string) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: name, numPartitions: 12 }], waitForLeaders: true });
  await admin.disconnect();
}

export async function kafkaCeiling(records = 300_000) {
  const brokers = serviceUrls(readEndpoints()).kafkaBrokers;
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.WARN });

  const javaTopic = `bench-perf-${Date.now()}`;
  await freshTopic(kafka, javaTopic);
  const output = execFileSync(
    findToolchain().java,
    [
      '-Xmx512m',
      '-cp',
      path.join(stackPaths().kafkaLibs, '*'),
      `-Dlog4j.configuration=file:${stackPaths().config('kafka-log4j.properties')}`,
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      javaTopic,
      '--num-records',
      String(records),
      '--record-size',
      String(RECORD_BYTES),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${brokers[0]}`,
      'acks=all',
      'enable.idempotence=true',
      'linger.ms=5',
      'batch.size=65536',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const summary = output.trim().split('\n').at(-1) ?? '';
  const javaPerSecond = Number(/([\d.]+) records\/sec/.exec(summary)?.[1] ?? NaN);

  const jsTopic = `bench-kafkajs-${Date.now()}`;
  await freshTopic(kafka, jsTopic);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const value = Buffer.alloc(RECORD_BYTES, 7);
  const jsRecords = Math.min(records, 200_000);
  const began = performance.now();
  for (let sent = 0; sent < jsRecords; sent += 2000) {
    await producer.send({
      topic: jsTopic,
      acks: -1,
      messages: Array.from({ length: 2000 }, (_, i) => ({
        key: `auction-${(sent + i) % 997}`,
        value,
      })),
    });
  }
  const kafkajsPerSecond = jsRecords / ((performance.now() - began) / 1000);
  await producer.disconnect();
  return { javaPerSecond, kafkajsPerSecond, recordBytes: RECORD_BYTES };
}
