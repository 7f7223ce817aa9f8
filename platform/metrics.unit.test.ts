import { describe, expect, it } from 'vitest';
import { consumerLagGauge, createMetricsRegistry, partitionLag, serveMetrics } from './metrics.js';

describe('partitionLag', () => {
  const ends = { partition: 0, low: '10', high: '25' };

  it('is the high watermark minus the next offset', () => {
    expect(partitionLag(ends, '20')).toBe(5);
    expect(partitionLag(ends, '25')).toBe(0);
  });

  it('counts from the start of the log when nothing is committed yet', () => {
    expect(partitionLag(ends, null)).toBe(15);
  });

  it('counts from the start of the log when the offset fell below it (retention)', () => {
    expect(partitionLag(ends, '3')).toBe(15);
  });

  it('is never negative', () => {
    expect(partitionLag(ends, '30')).toBe(0);
  });
});

describe('consumerLagGauge', () => {
  it('shows the partitions the reader returns at each scrape, and only those', async () => {
    const registry = createMetricsRegistry('test');
    let lags = [
      { partition: 0, lag: 3 },
      { partition: 1, lag: 0 },
    ];
    consumerLagGauge(
      registry,
      't',
      () => Promise.resolve(lags),
      () => undefined,
    );
    const first = await registry.metrics();
    expect(first).toContain(
      'kafka_consumer_lag_messages{topic="t",partition="0",service="test"} 3',
    );
    expect(first).toContain(
      'kafka_consumer_lag_messages{topic="t",partition="1",service="test"} 0',
    );
    lags = [{ partition: 1, lag: 7 }];
    const second = await registry.metrics();
    expect(second).not.toContain('partition="0"');
    expect(second).toContain(
      'kafka_consumer_lag_messages{topic="t",partition="1",service="test"} 7',
    );
  });

  it('reports a failed read and leaves the lag out instead of failing the scrape', async () => {
    const registry = createMetricsRegistry('test');
    const errors: unknown[] = [];
    consumerLagGauge(
      registry,
      't',
      () => Promise.reject(new Error('no broker')),
      (e) => errors.push(e),
    );
    const text = await registry.metrics();
    expect(text).not.toContain('kafka_consumer_lag_messages{');
    expect(errors).toHaveLength(1);
  });
});

describe('serveMetrics', () => {
  it('serves the registry at /metrics on a free port, 404 elsewhere, and closes', async () => {
    const registry = createMetricsRegistry('test');
    const server = await serveMetrics(registry, 0, '127.0.0.1');
    try {
      const reply = await fetch(server.url);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toContain('text/plain');
      expect(await reply.text()).toContain('process_cpu_user_seconds_total{service="test"}');
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('takes a free port, and says so, when the configured one is taken', async () => {
    const registry = createMetricsRegistry('test');
    const first = await serveMetrics(registry, 0, '127.0.0.1');
    const taken = Number(new URL(first.url).port);
    const second = await serveMetrics(registry, taken, '127.0.0.1');
    try {
      expect(first.portTaken).toBe(false);
      expect(second.portTaken).toBe(true);
      expect(Number(new URL(second.url).port)).not.toBe(taken);
      expect((await fetch(second.url)).status).toBe(200);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
