import { describe, expect, it } from 'vitest';
import { kafkaNodes, kafkaReplication, readEndpoints, serviceUrls } from './endpoints.js';

describe('readEndpoints', () => {
  it('uses the documented default ports', () => {
    const { ports, host } = readEndpoints({});
    expect(host).toBe('127.0.0.1');
    expect(ports).toMatchObject({
      kafka: 9092,
      connect: 8083,
      registry: 8081,
      postgres: 5433,
      redis: 6380,
      gateway: 8080,
    });
  });

  it('takes every port from its variable', () => {
    const e = readEndpoints({
      STACK_KAFKA_PORT: '19092',
      STACK_POSTGRES_PORT: '15433',
      STACK_HOST: '127.0.0.2',
    });
    expect(serviceUrls(e).kafkaBrokers).toEqual(['127.0.0.2:19092']);
    expect(serviceUrls(e).databaseUrl).toBe('postgres://auction:auction@127.0.0.2:15433/auction');
  });

  it('names the variable of a bad port', () => {
    expect(() => readEndpoints({ STACK_REDIS_PORT: 'seventy' })).toThrow('STACK_REDIS_PORT');
    expect(() => readEndpoints({ STACK_REDIS_PORT: '70000' })).toThrow('STACK_REDIS_PORT');
  });
});

describe('the Kafka cluster', () => {
  it('is one broker unless STACK_KAFKA_BROKERS says three', () => {
    const one = readEndpoints({});
    expect(kafkaNodes(one)).toEqual([{ id: 1, port: 9092, controllerPort: 9093 }]);
    expect(kafkaReplication(one)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
  });

  it('gives each of three nodes its own ports, ten apart, and replicates three times', () => {
    const three = readEndpoints({ STACK_KAFKA_BROKERS: '3', STACK_KAFKA_PORT: '19092' });
    expect(kafkaNodes(three)).toEqual([
      { id: 1, port: 19092, controllerPort: 9093 },
      { id: 2, port: 19102, controllerPort: 9103 },
      { id: 3, port: 19112, controllerPort: 9113 },
    ]);
    expect(serviceUrls(three).kafkaBrokers).toEqual([
      '127.0.0.1:19092',
      '127.0.0.1:19102',
      '127.0.0.1:19112',
    ]);
    expect(kafkaReplication(three)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('refuses a cluster size it does not support, naming the variable', () => {
    for (const size of ['2', 'three', '0'])
      expect(() => readEndpoints({ STACK_KAFKA_BROKERS: size })).toThrow(
        `STACK_KAFKA_BROKERS=${size} is not a supported cluster size`,
      );
  });
});
