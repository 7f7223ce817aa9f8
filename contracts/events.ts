/**
 * Events on the wire: each type's envelope (`metadata`) apart from its own fields (`data`), and
 * the flat JSON record Debezium publishes from the outbox (headers `eventType` and `eventId`),
 * checked against its Avro schema (schemas/events) both when it is built and when it is read.
 */
import avro from 'avsc';
import type { KafkaMessage } from 'kafkajs';
import { AppError } from '../platform/errors.js';
import type { SchemaFile } from '../schemas/registry.js';
import {
  EVENT_DATA_FIELDS,
  EVENT_METADATA_FIELDS,
  EVENT_TYPES,
  type EventDataByType,
  type EventMetadata,
  type EventType,
} from './generated/events.js';
import { flatten, oneOf, unflatten, type Enveloped, type Flat } from './envelope.js';
import { EVENT_SUBJECT_PREFIX, header, HEADERS } from './names.js';

export * from './generated/events.js';

export type Event = Enveloped<EventMetadata, EventDataByType>;

export type EventOf<K extends EventType> = Extract<Event, { readonly type: K }>;

/** One type's own fields (an event's `data`, without the envelope), as a union keyed by `type`. */
export type EventData<K extends EventType = EventType> = {
  readonly [T in K]: { readonly type: T; readonly data: EventDataByType[T] };
}[K];

/** An event as its published JSON record: envelope and data side by side. */
export type EventRecord<K extends EventType = EventType> = Flat<EventMetadata, EventDataByType, K>;

/** An event that does not match its schema: trying again builds the same event. */
export class EventSchemaError extends AppError {
  override readonly name = 'EventSchemaError';
  readonly code = 'event_schema_mismatch';
  readonly retriable = false;
}

export const isEventType = oneOf(EVENT_TYPES);

export const toEventRecord = (e: Event) => flatten(e) as EventRecord;

/** Splits a record of `type` (already checked against its schema) into envelope and data. */
export const fromEventRecord = (type: EventType, record: EventRecord) =>
  unflatten(type, record, EVENT_METADATA_FIELDS, EVENT_DATA_FIELDS[type]) as unknown as Event;

/** The Avro type of each event, by event type (`BidAccepted` → its schema). */
export function eventTypes(schemas: readonly SchemaFile[]): Map<EventType, avro.Type> {
  return new Map(
    schemas
      .map((s) => [s.subject.slice(EVENT_SUBJECT_PREFIX.length), s] as const)
      .filter(([type, s]) => s.subject.startsWith(EVENT_SUBJECT_PREFIX) && isEventType(type))
      .map(([type, s]) => [
        type as EventType,
        avro.Type.forSchema(JSON.parse(s.schema) as avro.Schema),
      ]),
  );
}

/**
 * Where `value` does not match `type`: the paths of the fields at fault. A value that matches is
 * checked once without a hook (avsc's fast path); only one that does not is walked again for them.
 */
function problemsOf(type: avro.Type, value: unknown): string[] {
  if (type.isValid(value)) return [];
  const problems: string[] = [];
  type.isValid(value, { errorHook: (path) => problems.push(path.join('.') || '(record)') });
  return problems;
}

/**
 * Checks published JSON records against the schemas in `schemas`: returns the record, or throws
 * EventSchemaError naming the fields at fault. For a producer that builds the flat record itself.
 */
export function eventRecordChecker(schemas: readonly SchemaFile[]) {
  const types = eventTypes(schemas);
  return <R extends EventRecord>(type: EventType, record: R): R => {
    const schema = types.get(type);
    if (!schema) throw new EventSchemaError(`no Avro schema for event ${type} in schemas/events`);
    const problems = problemsOf(schema, record);
    if (problems.length > 0)
      throw new EventSchemaError(`${type} does not match its schema at: ${problems.join(', ')}`);
    return record;
  };
}

/** Builds the published JSON record of an event, checked against the schemas in `schemas`. */
export function eventPayloads(schemas: readonly SchemaFile[]) {
  const check = eventRecordChecker(schemas);
  return (event: Event): EventRecord => check(event.type, toEventRecord(event));
}

export type EventDecoding =
  { readonly ok: true; readonly event: Event } | { readonly ok: false; readonly reason: string };

/** Builds a decoder of the events topic that accepts only events matching their schema. */
export function eventDecoder(schemas: readonly SchemaFile[]) {
  const types = eventTypes(schemas);
  return (message: KafkaMessage): EventDecoding => {
    const type = header(message, HEADERS.eventType);
    const schema = isEventType(type) ? types.get(type) : undefined;
    if (!isEventType(type) || !schema)
      return { ok: false, reason: `unknown or missing eventType header: ${type ?? '(none)'}` };
    let value: unknown;
    try {
      value = JSON.parse(message.value?.toString() ?? '');
    } catch {
      return { ok: false, reason: 'the value is not JSON' };
    }
    const problems = problemsOf(schema, value);
    if (problems.length > 0) {
      return {
        ok: false,
        reason: `the value does not match the ${type} schema at: ${problems.join(', ')}`,
      };
    }
    const event = fromEventRecord(type, value as EventRecord);
    if (header(message, HEADERS.eventId) !== event.metadata.eventId) {
      return { ok: false, reason: 'the eventId header does not match the payload' };
    }
    return { ok: true, event };
  };
}
