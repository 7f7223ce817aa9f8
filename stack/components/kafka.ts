/** Apache Kafka in KRaft mode: one process that is both broker and controller. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Component, StackContext } from '../component.js';
import { StackError } from '../errors.js';
import { classpath, jvmFlags, propertiesText, writeLog4j } from './java-daemon.js';

const configFile = (ctx: StackContext) => ctx.paths.config('kafka.properties');

function brokerProperties({ endpoints: e, paths }: StackContext) {
  const broker = `${e.host}:${e.ports.kafka}`;
  const controller = `${e.host}:${e.ports.kafkaController}`;
  return {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${controller}`,
    listeners: `PLAINTEXT://${broker},CONTROLLER://${controller}`,
    'advertised.listeners': `PLAINTEXT://${broker}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': paths.data('kafka'),
    // One broker: every internal topic has one replica.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 12,
    'num.partitions': 12,
    // Topics are created on purpose (by the services, Connect and tests), never by a typo.
    'auto.create.topics.enable': false,
    // A lone consumer should not wait 3 s for company before it gets its partitions.
    'group.initial.rebalance.delay.ms': 0,
    'log.retention.hours': 168,
    'log.segment.bytes': 268_435_456,
  };
}

export const kafka: Component = {
  name: 'kafka',
  dependsOn: [],
  ports: ['kafka', 'kafkaController'],
  readyTimeoutMs: 60_000,
  stopSignal: 'SIGTERM', // Controlled shutdown.
  address: (e) => `${e.host}:${e.ports.kafka}`,
  url: (e) => `${e.host}:${e.ports.kafka}`,

  async prepare(ctx) {
    const { paths, tools, say } = ctx;
    await mkdir(path.dirname(configFile(ctx)), { recursive: true });
    await mkdir(paths.data('kafka'), { recursive: true });
    await writeFile(configFile(ctx), propertiesText(brokerProperties(ctx)));
    await writeLog4j(paths, 'kafka', [
      'kafka.server.KafkaConfig',
      'org.apache.kafka.common.config.AbstractConfig',
    ]);
    if (existsSync(path.join(paths.data('kafka'), 'meta.properties'))) return;
    say('kafka: formatting the KRaft storage …');
    const idFile = paths.config('kafka-cluster-id');
    if (!existsSync(idFile)) await writeFile(idFile, randomBytes(16).toString('base64url'));
    const clusterId = readFileSync(idFile, 'utf8').trim();
    try {
      execFileSync(
        tools.java,
        [
          '-cp',
          classpath(paths),
          `-Dlog4j.configuration=file:${paths.config('kafka-log4j.properties')}`,
          'kafka.tools.StorageTool',
          'format',
          // One argument, not two: a base64url id may begin with '-', which argparse would
          // take for an option (seen: "argument --cluster-id/-t: expected one argument").
          `--cluster-id=${clusterId}`,
          '-c',
          configFile(ctx),
          '--ignore-formatted',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new StackError(`Formatting Kafka's storage failed: ${stderr.trim()}`);
    }
  },

  daemon(ctx) {
    const { paths, tools } = ctx;
    return {
      file: tools.java,
      args: [
        ...jvmFlags('512m', paths.config('kafka-log4j.properties')),
        '-cp',
        classpath(paths),
        'kafka.Kafka',
        configFile(ctx),
      ],
      cwd: paths.data('kafka'),
    };
  },

  /** Ready once the broker answers a metadata request. */
  async isReady(e) {
    const admin = new Kafka({
      brokers: [`${e.host}:${e.ports.kafka}`],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0 && cluster.controller !== null;
    } finally {
      await admin.disconnect();
    }
  },
};
