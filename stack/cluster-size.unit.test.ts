import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEndpoints } from '../platform/endpoints.js';
import { assertClusterSizeMatchesData, stackEndpoints } from './cluster-size.js';
import { stackPaths } from './paths.js';

const roots: string[] = [];
function stackWith(...folders: string[]) {
  const root = mkdtempSync(path.join(tmpdir(), 'cluster-size-'));
  roots.push(root);
  const paths = stackPaths(root);
  for (const folder of folders) mkdirSync(paths.data(folder), { recursive: true });
  return paths;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the cluster size of a stack', () => {
  it('follows the data here when STACK_KAFKA_BROKERS is not set', () => {
    expect(stackEndpoints(stackWith('kafka-1', 'kafka-2', 'kafka-3'), {}).kafkaBrokers).toBe(3);
    expect(stackEndpoints(stackWith('kafka'), {}).kafkaBrokers).toBe(1);
    expect(stackEndpoints(stackWith(), {}).kafkaBrokers).toBe(1);
  });

  it('is what STACK_KAFKA_BROKERS says when it is set', () => {
    expect(stackEndpoints(stackWith('kafka'), { STACK_KAFKA_BROKERS: '3' }).kafkaBrokers).toBe(3);
  });

  it('cannot change on existing data, and the refusal says how to start over', () => {
    const paths = stackWith('kafka');
    expect(() =>
      assertClusterSizeMatchesData(paths, readEndpoints({ STACK_KAFKA_BROKERS: '3' })),
    ).toThrow(/made with 1 Kafka broker \(kafka\).*asks for 3.*stack:down -- --purge/s);
    expect(() => assertClusterSizeMatchesData(paths, readEndpoints({}))).not.toThrow();
    expect(() =>
      assertClusterSizeMatchesData(stackWith(), readEndpoints({ STACK_KAFKA_BROKERS: '3' })),
    ).not.toThrow();
  });
});
