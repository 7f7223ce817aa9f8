/**
 * What every process's Prometheus metrics share: a registry of its own (never prom-client's
 * global one) with the default process metrics, a tiny HTTP server for GET /metrics, and the
 * consumer-lag gauge that the processor and the sinks both expose.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export { Registry };

/** A fresh registry with prom-client's process metrics, every series labelled with `service`. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // The event-loop delay monitor wakes the loop every `precision` ms: 10 (the default) costs a
  // few CPU-ms a second in every idle process.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  return registry;
}

export interface MetricsServer {
  /** Where Prometheus scrapes, e.g. http://127.0.0.1:9464/metrics. */
  readonly url: string;
  /** The configured port was taken, so the server took a free one (see `url`). */
  readonly portTaken: boolean;
  close(): Promise<void>;
}

/** A process's own view of whether it does its job; `ok: false` answers 503. */
export interface HealthReport {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

/**
 * Serves GET /metrics from `registry` on `port` (0: any free port), and GET /health from
 * `health` when given. If the port is taken the server takes a free one instead and says so:
 * metrics must never stop a pipeline process.
 */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host: string,
  health?: () => HealthReport,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const route = req.url?.split('?')[0];
    if (req.method === 'GET' && route === '/health' && health) {
      const report = health();
      res
        .writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(`${JSON.stringify(report)}\n`);
      return;
    }
    if (req.method !== 'GET' || route !== '/metrics') {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('only GET /metrics (and /health) here\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`),
    );
  });
  let portTaken = false;
  try {
    await listen(server, port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    portTaken = true;
    await listen(server, 0, host);
  }
  const { port: bound } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${bound}/metrics`,
    portTaken,
    async close() {
      const closed = once(server, 'close');
      server.close();
      // A scraper's keep-alive connection would otherwise hold the close open.
      server.closeAllConnections();
      await closed;
    },
  };
}

function listen(server: http.Server, port: number, host: string) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Where a partition ends, as Kafka's admin API reports it (offsets as decimal strings). */
export interface PartitionEnds {
  readonly partition: number;
  readonly high: string;
  readonly low: string;
}

export interface PartitionLag {
  readonly partition: number;
  readonly lag: number;
}

/**
 * Messages in a partition not yet processed: its high watermark minus the consumer's next
 * offset. No offset yet, or one below the log's start (retention), counts from the start.
 */
export function partitionLag(ends: PartitionEnds, nextOffset: string | null): number {
  const high = BigInt(ends.high);
  const low = BigInt(ends.low);
  const position = nextOffset === null || BigInt(nextOffset) < low ? low : BigInt(nextOffset);
  return Math.max(0, Number(high - position));
}

/**
 * `kafka_consumer_lag_messages{topic,partition}`, read when scraped, so it is never stale.
 * Partitions that `read` no longer returns (revoked) disappear from the output.
 */
export function consumerLagGauge(
  registry: Registry,
  topic: string,
  read: () => Promise<readonly PartitionLag[]>,
  onError: (error: unknown) => void,
) {
  return new Gauge({
    name: 'kafka_consumer_lag_messages',
    help: 'Messages in the partition not yet processed by this consumer (high watermark minus next offset)',
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
    async collect() {
      try {
        const lags = await read();
        this.reset();
        for (const { partition, lag } of lags)
          this.set({ topic, partition: String(partition) }, lag);
      } catch (error) {
        // A scrape without the lag beats a failed scrape; the error is logged by the owner.
        this.reset();
        onError(error);
      }
    },
  });
}
