/** Apache Kafka in KRaft mode: one node (development) or three, each both broker and controller. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  type Endpoints,
  type KafkaNode,
  kafkaNodes,
  kafkaReplication,
} from '../../platform/endpoints.js';
import type { Component, StackContext } from '../component.js';
import { StackError } from '../errors.js';
import { classpath, jvmFlags, propertiesText, writeLog4j } from './java-daemon.js';

/**
 * The component's name, data folder and log: "kafka" for the one-node development cluster,
 * "kafka-1" … "kafka-3" for the replicated one, so the two never share a data folder.
 */
export const kafkaNodeName = (node: KafkaNode, count: number) =>
  count === 1 ? 'kafka' : `kafka-${node.id}`;

/** The server.properties of one KRaft node. */
export function brokerProperties(e: Endpoints, node: KafkaNode, dataDir: string) {
  const nodes = kafkaNodes(e);
  const { replicationFactor, minInsyncReplicas } = kafkaReplication(e);
  const broker = `${e.host}:${node.port}`;
  const controller = `${e.host}:${node.controllerPort}`;
  return {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': nodes.map((n) => `${n.id}@${e.host}:${n.controllerPort}`).join(','),
    listeners: `PLAINTEXT://${broker},CONTROLLER://${controller}`,
    'advertised.listeners': `PLAINTEXT://${broker}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    // Every topic, the project's (created with the broker's defaults), Connect's and the
    // consumer groups', gets the cluster's replication.
    'default.replication.factor': replicationFactor,
    'min.insync.replicas': minInsyncReplicas,
    'offsets.topic.replication.factor': replicationFactor,
    'transaction.state.log.replication.factor': replicationFactor,
    'transaction.state.log.min.isr': minInsyncReplicas,
    'share.coordinator.state.topic.replication.factor': replicationFactor,
    // A replica that missed writes never becomes leader: that would drop acknowledged bids.
    'unclean.leader.election.enable': false,
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

/** One node of the KRaft cluster, both broker and controller. */
export function kafkaNode(node: KafkaNode, count: number): Component {
  const name = kafkaNodeName(node, count);
  const configFile = (ctx: StackContext) => ctx.paths.config(`${name}.properties`);
  const log4jFile = (ctx: StackContext) => ctx.paths.config(`${name}-log4j.properties`);
  return {
    name,
    dependsOn: [],
    ports: () => [
      { name: 'kafka', port: node.port },
      { name: 'kafkaController', port: node.controllerPort },
    ],
    readyTimeoutMs: 60_000,
    stopSignal: 'SIGTERM', // Controlled shutdown.
    address: (e) => `${e.host}:${node.port}`,
    url: (e) => `${e.host}:${node.port}`,

    async prepare(ctx) {
      const { paths, tools, say } = ctx;
      const dataDir = paths.data(name);
      await mkdir(path.dirname(configFile(ctx)), { recursive: true });
      await mkdir(dataDir, { recursive: true });
      await writeFile(
        configFile(ctx),
        propertiesText(brokerProperties(ctx.endpoints, node, dataDir)),
      );
      await writeLog4j(paths, name, [
        'kafka.server.KafkaConfig',
        'org.apache.kafka.common.config.AbstractConfig',
      ]);
      if (existsSync(path.join(dataDir, 'meta.properties'))) return;
      say(`${name}: formatting the KRaft storage …`);
      const idFile = paths.config(count === 1 ? 'kafka-cluster-id' : 'kafka-cluster-3-id');
      // The nodes are prepared at once and must share one id: the first to write it wins.
      await writeFile(idFile, randomBytes(16).toString('base64url'), { flag: 'wx' }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        },
      );
      const clusterId = readFileSync(idFile, 'utf8').trim();
      try {
        execFileSync(
          tools.java,
          [
            '-cp',
            classpath(paths),
            `-Dlog4j.configuration=file:${log4jFile(ctx)}`,
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
        throw new StackError(`Formatting ${name}'s storage failed: ${stderr.trim()}`);
      }
    },

    daemon(ctx) {
      const { paths, tools } = ctx;
      return {
        file: tools.java,
        args: [
          ...jvmFlags('512m', log4jFile(ctx)),
          '-cp',
          classpath(paths),
          'kafka.Kafka',
          configFile(ctx),
        ],
        cwd: paths.data(name),
      };
    },

    /** Ready once this node answers a metadata request that lists it and a controller. */
    async isReady(e) {
      const admin = new Kafka({
        brokers: [`${e.host}:${node.port}`],
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.some((b) => b.nodeId === node.id) && cluster.controller !== null;
      } finally {
        await admin.disconnect();
      }
    },
  };
}

/** The cluster's nodes as components, as many as STACK_KAFKA_BROKERS says. */
export const kafkaComponents = (e: Endpoints): Component[] =>
  kafkaNodes(e).map((node) => kafkaNode(node, e.kafkaBrokers));
