/** The names on the wire: topics, registry subjects and the headers every message carries. */
import type { KafkaMessage } from 'kafkajs';
import { COMMAND_NAMESPACE, type CommandType } from './generated/commands.js';
import { EVENT_NAMESPACE } from './generated/events.js';

export interface TopicNames {
  /** Commands, Avro, key = auction id. */
  readonly commands: string;
  /** Commands that could not be decoded, with the reason in headers. */
  readonly commandsDeadLetter: string;
  /** Events published by Debezium from the outbox: `<aggregate type>.events`. */
  readonly events: string;
  /** Events a sink could not use, with the reason in headers. */
  readonly eventsDeadLetter: string;
}

/** The outbox `aggregatetype` of auction events; the connector routes it to `<type>.events`. */
export const DEFAULT_AGGREGATE_TYPE = 'auction';

export function topicNames(
  commands = 'auction.commands',
  aggregateType = DEFAULT_AGGREGATE_TYPE,
): TopicNames {
  return {
    commands,
    commandsDeadLetter: `${commands}.dlq`,
    events: `${aggregateType}.events`,
    eventsDeadLetter: `${aggregateType}.events.dlq`,
  };
}

/** The registry subject of a command type: its record's full name. */
export const commandSubject = (type: CommandType) => `${COMMAND_NAMESPACE}.${type}`;

/** What every event's registry subject begins with: `auction.events.` + the event type. */
export const EVENT_SUBJECT_PREFIX = `${EVENT_NAMESPACE}.`;

/**
 * The Postgres channel the processor notifies, in the transaction that commits a batch, with the
 * ids of the bids and commands it decided; the gateway's `?wait=` listens on it.
 */
export const NOTIFY_CHANNEL = 'auction_decisions';

/** Header names: a command's type and correlation id; an event's type and id (from Debezium). */
export const HEADERS = {
  commandType: 'commandType',
  correlationId: 'correlationId',
  eventType: 'eventType',
  eventId: 'eventId',
} as const;

/** A header's value as text (kafkajs may give a Buffer, a string or a list). */
export const header = (message: Pick<KafkaMessage, 'headers'>, name: string) => {
  const value = message.headers?.[name];
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
};
