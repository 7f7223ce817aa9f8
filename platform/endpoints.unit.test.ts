import { describe, expect, it } from 'vitest';
import { readEndpoints, serviceUrls } from './endpoints.js';

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
