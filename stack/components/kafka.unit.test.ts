import { describe, expect, it } from 'vitest';
import { kafkaNodes, readEndpoints } from '../../platform/endpoints.js';
import { stackComponents } from './index.js';
import { brokerProperties, kafkaNodeName } from './kafka.js';

describe('the Kafka nodes', () => {
  it('are one component named kafka for the development broker', () => {
    const names = stackComponents(readEndpoints({})).map((c) => c.name);
    expect(names).toEqual(['postgres', 'redis', 'kafka', 'connect', 'registry']);
  });

  it('are three components, each with its own ports, and Connect waits for all three', () => {
    const e = readEndpoints({ STACK_KAFKA_BROKERS: '3' });
    const components = stackComponents(e);
    expect(components.map((c) => c.name)).toEqual([
      'postgres',
      'redis',
      'kafka-1',
      'kafka-2',
      'kafka-3',
      'connect',
      'registry',
    ]);
    expect(components.find((c) => c.name === 'connect')?.dependsOn).toEqual([
      'kafka-1',
      'kafka-2',
      'kafka-3',
    ]);
    const bound = components.flatMap((c) => c.ports(e).map((p) => p.port));
    expect(new Set(bound).size).toBe(bound.length);
  });

  it('form one quorum of three voters with three copies of every topic, two in sync', () => {
    const e = readEndpoints({ STACK_KAFKA_BROKERS: '3' });
    const [, second] = kafkaNodes(e);
    const props = brokerProperties(e, second!, '/data/kafka-2');
    expect(props).toMatchObject({
      'node.id': 2,
      'controller.quorum.voters': '1@127.0.0.1:9093,2@127.0.0.1:9103,3@127.0.0.1:9113',
      listeners: 'PLAINTEXT://127.0.0.1:9102,CONTROLLER://127.0.0.1:9103',
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'unclean.leader.election.enable': false,
    });
    expect(kafkaNodeName(second!, 3)).toBe('kafka-2');
  });

  it('keep one copy on the development broker', () => {
    const e = readEndpoints({});
    const props = brokerProperties(e, kafkaNodes(e)[0]!, '/data/kafka');
    expect(props).toMatchObject({
      'controller.quorum.voters': '1@127.0.0.1:9093',
      'default.replication.factor': 1,
      'min.insync.replicas': 1,
      'offsets.topic.replication.factor': 1,
    });
  });
});
