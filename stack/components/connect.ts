/** Kafka Connect in distributed mode, with the Debezium PostgreSQL connector on its plugin path. */
import { mkdir, writeFile } from 'node:fs/promises';
import { serviceUrls } from '../../platform/endpoints.js';
import { type Component, portsNamed, type StackContext } from '../component.js';
import { classpath, jvmFlags, propertiesText, writeLog4j } from './java-daemon.js';

export const DEBEZIUM_POSTGRES_CONNECTOR = 'io.debezium.connector.postgresql.PostgresConnector';

const configFile = (ctx: StackContext) => ctx.paths.config('connect-distributed.properties');

function workerProperties({ endpoints: e, paths }: StackContext) {
  return {
    'bootstrap.servers': serviceUrls(e).kafkaBrokers.join(','),
    'group.id': 'auction-connect',
    listeners: `http://${e.host}:${e.ports.connect}`,
    'rest.advertised.host.name': e.host,
    'rest.advertised.port': e.ports.connect,
    // Connectors choose their own converters; these are only the defaults.
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'config.storage.topic': 'connect-configs',
    'offset.storage.topic': 'connect-offsets',
    'status.storage.topic': 'connect-status',
    // -1: the broker's default.replication.factor (three copies on the three-node cluster).
    'config.storage.replication.factor': -1,
    'offset.storage.replication.factor': -1,
    'status.storage.replication.factor': -1,
    'offset.storage.partitions': 1,
    'status.storage.partitions': 1,
    // Commit source offsets often: after a crash, fewer events are published twice.
    'offset.flush.interval.ms': 1000,
    // A task stopped while Kafka is down waits to flush until Kafka is back. Past this it is
    // left running as an orphan, and its successor cannot register Debezium's metrics and
    // streams nothing for two minutes (seen after a broker restart).
    'task.shutdown.graceful.timeout.ms': 60_000,
    'plugin.path': paths.connectPlugins,
    // Find plugins through their ServiceLoader manifests instead of scanning every class.
    'plugin.discovery': 'service_load',
    // Lets connectors create the topics they route to (the broker refuses auto-creation).
    'topic.creation.enable': true,
    // Lets a connector batch its producer's requests (producer.override.* in connect/).
    'connector.client.config.override.policy': 'All',
  };
}

export const connect: Component = {
  name: 'connect',
  // Every Kafka node: stack/components/index.ts fills these in.
  dependsOn: [],
  ports: portsNamed('connect'),
  readyTimeoutMs: 120_000,
  stopSignal: 'SIGTERM',
  address: (e) => `${e.host}:${e.ports.connect}`,
  url: (e) => `http://${e.host}:${e.ports.connect}`,

  async prepare(ctx) {
    await mkdir(ctx.paths.data('connect'), { recursive: true });
    await writeFile(configFile(ctx), propertiesText(workerProperties(ctx)));
    await writeLog4j(ctx.paths, 'connect', [
      'org.apache.kafka.clients',
      'org.apache.kafka.common.config.AbstractConfig',
      'org.reflections',
      'org.apache.kafka.connect.runtime.isolation',
      // The REST access log: a line per call, so one every 2 s from the watchdog's status poll.
      'org.apache.kafka.connect.runtime.rest.RestServer',
      // Two lines per offset commit (every second while events flow) naming a new lsn-flush thread.
      'io.debezium.util.Threads',
    ]);
  },

  daemon(ctx) {
    const { paths, tools } = ctx;
    return {
      file: tools.java,
      args: [
        ...jvmFlags('512m', paths.config('connect-log4j.properties')),
        '-cp',
        classpath(paths),
        'org.apache.kafka.connect.cli.ConnectDistributed',
        configFile(ctx),
      ],
      cwd: paths.data('connect'),
    };
  },

  /** Ready once the REST API answers and lists the Debezium connector plugin. */
  async isReady(e) {
    const response = await fetch(`http://${e.host}:${e.ports.connect}/connector-plugins`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!response.ok) return false;
    const plugins = (await response.json()) as { class: string }[];
    return plugins.some((p) => p.class === DEBEZIUM_POSTGRES_CONNECTOR);
  },
};
