/** A sink's Prometheus metrics, registered on the registry its main creates. */
import { Counter, Histogram, type Registry } from 'prom-client';

export function sinkMetrics(registry: Registry) {
  const events = new Counter({
    name: 'sink_events_total',
    help: 'Events read from the events topic, by result: applied, deduplicated (seen before) or dead_lettered',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const eventLatency = new Histogram({
    name: 'sink_event_latency_seconds',
    help: "From the processor's decision (the event's occurredAt) to this sink's commit of the event",
    registers: [registry],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  });
  return { events, eventLatency };
}

export type SinkMetrics = ReturnType<typeof sinkMetrics>;
