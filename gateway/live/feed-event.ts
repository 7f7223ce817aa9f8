/**
 * How the live feed reads the events topic: Debezium publishes each outbox row's payload as a
 * JSON string (connect/auction-outbox.json, StringConverter), which the contract's decoder checks
 * against the event's Avro schema, as the sinks do. Past here every event is a typed `Event`.
 */
import type { KafkaMessage } from 'kafkajs';
import { eventDecoder, type EventDecoding } from '../../contracts/events.js';
import { SCHEMAS_DIR } from '../../schemas/location.js';
import { loadSchemas } from '../../schemas/registry.js';

export type DecodeEvent = (message: KafkaMessage) => EventDecoding;

/** The decoder of the events topic, checking against the schemas in schemas/events. */
export const feedDecoder = async (): Promise<DecodeEvent> =>
  eventDecoder(await loadSchemas(SCHEMAS_DIR));
