/**
 * The Kafka client of a long-running consumer (processor, sink, live feed). Its retries ride out a
 * broker restart of about two minutes. With kafkajs's defaults (5 retries, under 10 s), the
 * group-coordinator lookup of a consumer gives up while the only broker restarts, and kafkajs
 * then stops the consumer for good (CRASH with restart: false), which was seen in the fault
 * tests. A process started while Kafka is down waits for it the same way.
 */
import { Kafka, logLevel } from 'kafkajs';
// Every process that talks to Kafka imports this module: the fix applies to all its clients.
import './kafkajs-idle-loop-fix.js';
import { kafkaLogging, type KafkaLogTarget } from './kafka-log.js';

export const RIDE_OUT_BROKER_RESTART = {
  initialRetryTime: 300,
  maxRetryTime: 5000,
  retries: 30,
} as const;

/**
 * `logger`: where kafkajs's lines go (platform/kafka-log.ts). Every service passes its logger;
 * without one kafkajs prints its own JSON lines, warnings and errors only.
 */
export const pipelineKafka = (
  clientId: string,
  brokers: readonly string[],
  logger?: KafkaLogTarget,
) =>
  new Kafka({
    clientId,
    brokers: [...brokers],
    ...(logger ? kafkaLogging(logger) : { logLevel: logLevel.WARN }),
    retry: RIDE_OUT_BROKER_RESTART,
  });

/**
 * How long a consumer's fetch waits at the broker when nothing is there. It costs no latency:
 * the broker answers as soon as one byte arrives (minBytes 1). A short wait only turns an idle
 * consumer into a poller: at 20 ms each of the four consumers sent 50 empty fetches a second,
 * which was most of the idle CPU of the services and a good part of the broker's.
 * It stays well under the session timeout, since kafkajs heartbeats between fetches.
 */
export const FETCH_MAX_WAIT_MS = 500;

/**
 * A pipeline consumer's settings (the processor's, each sink's): short fetch waits, a session
 * that notices a dead member in 10 s, and retries that ride out a broker restart.
 */
export const pipelineConsumerConfig = (groupId: string) => ({
  groupId,
  maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
  sessionTimeout: 10_000,
  heartbeatInterval: 1000,
  retry: RIDE_OUT_BROKER_RESTART,
});

/**
 * How many partitions of one fetch a pipeline consumer hands its handler at once: all of them
 * (more than any topic here has), so that their parts meet in one group commit
 * (platform/group-commit.ts) instead of taking turns.
 */
export const ALL_PARTITIONS_AT_ONCE = 64;
