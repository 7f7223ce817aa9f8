/**
 * The AsyncAPI 3 description of what travels outside HTTP (GET /asyncapi.json): the Kafka topics
 * (commands, events and their dead letters), their payloads given by the Avro schemas themselves
 * (schemas/), and the WebSocket protocol at /ws, from the schema that validates what a client sends
 * and the compiler-checked schemas of what the gateway sends (gateway/http/asyncapi-socket.ts).
 */
import { z } from 'zod';
import { COMMAND_NAMESPACE } from '../../contracts/generated/commands.js';
import {
  EVENT_SUBJECT_PREFIX,
  HEADERS,
  topicNames,
  type TopicNames,
} from '../../contracts/names.js';
import type { SchemaFile } from '../../schemas/registry.js';
import { clientMessage } from '../live/client-messages.js';
import { avroToJsonSchema, type JsonSchema } from './asyncapi-avro.js';
import { serverMessages } from './asyncapi-socket.js';

/** AsyncAPI's name for Avro schemas, which its parser validates with @asyncapi/avro-schema-parser. */
export const AVRO_FORMAT = 'application/vnd.apache.avro;version=1.9.0';
const KAFKA_BINDING = '0.5.0';

/** A zod schema as the JSON Schema (draft 7, AsyncAPI's default dialect) of a message. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-7',
    unrepresentable: 'any',
  });
  return rest;
}

interface AvroRecord {
  readonly name: string;
  readonly doc?: string;
  readonly schema: JsonSchema;
}

/** The records of `schemas` whose subject starts with `prefix`, by their short name. */
function recordsUnder(schemas: readonly SchemaFile[], prefix: string): AvroRecord[] {
  return schemas
    .filter((s) => s.subject.startsWith(prefix))
    .map((s) => {
      const schema = JSON.parse(s.schema) as JsonSchema & { doc?: string };
      return {
        name: s.subject.slice(prefix.length),
        ...(schema.doc ? { doc: schema.doc } : {}),
        schema,
      };
    });
}

const headers = (properties: Record<string, JsonSchema>, required: readonly string[]) => ({
  type: 'object',
  properties,
  required,
});
const keyedByAuction = {
  kafka: {
    key: { type: 'string', description: 'The auction id: one auction, one partition, in order.' },
    bindingVersion: KAFKA_BINDING,
  },
};

function commandMessage({ name, doc, schema }: AvroRecord) {
  return {
    name,
    title: `${name} command`,
    ...(doc ? { summary: doc } : {}),
    contentType: 'application/vnd.apache.avro+binary',
    description:
      'Avro in the Confluent wire format: a zero byte, the schema id in the registry (4 bytes), the body.',
    headers: headers(
      {
        [HEADERS.commandType]: { const: name },
        [HEADERS.correlationId]: { type: 'string' },
      },
      [HEADERS.commandType],
    ),
    payload: { schemaFormat: AVRO_FORMAT, schema },
    bindings: keyedByAuction,
  };
}

function eventMessage({ name, doc, schema }: AvroRecord) {
  return {
    name,
    title: `${name} event`,
    ...(doc ? { summary: doc } : {}),
    contentType: 'application/json',
    description:
      'Published by Debezium from the outbox as plain JSON, checked against this Avro schema.',
    headers: headers(
      { [HEADERS.eventType]: { const: name }, [HEADERS.eventId]: { type: 'string' } },
      [HEADERS.eventType, HEADERS.eventId],
    ),
    payload: { schemaFormat: AVRO_FORMAT, schema },
    bindings: keyedByAuction,
  };
}

function deadLetter(what: string, source: Record<string, JsonSchema>) {
  return {
    name: `Dead${what}`,
    title: `A ${what.toLowerCase()} that could not be used`,
    description: `The original key, value and headers, unchanged, with why and where from in dlq.* headers.`,
    headers: {
      type: 'object',
      properties: {
        'dlq.reason': { type: 'string', description: 'Why the message could not be used.' },
        'dlq.offset': { type: 'string', description: 'Its offset in the topic it came from.' },
        ...source,
      },
      required: ['dlq.reason', 'dlq.offset', ...Object.keys(source)],
    },
    payload: { description: 'The original value, as it was.' },
  };
}

/** An event's record as the socket sends it: without the sender's correlationId. */
function publicRecord(schema: JsonSchema): JsonSchema {
  const { properties, required, ...rest } = avroToJsonSchema(schema) as JsonSchema & {
    properties: Record<string, JsonSchema>;
    required: string[];
  };
  const { correlationId: _private, ...visible } = properties;
  return {
    ...rest,
    properties: visible,
    required: required.filter((field) => field !== 'correlationId'),
  };
}

/** Each client message (a variant of the strict union that validates it), by its `type`. */
function clientMessages(): Record<string, JsonSchema> {
  return Object.fromEntries(
    clientMessage.options.map((option) => [
      option.shape.type.value,
      {
        name: option.shape.type.value,
        contentType: 'application/json',
        payload: jsonSchema(option, 'input'),
      },
    ]),
  );
}

/** The description, for these schema files and topic names. */
export function asyncApiDocument(
  schemas: readonly SchemaFile[],
  topics: TopicNames = topicNames(),
) {
  const commands = recordsUnder(schemas, `${COMMAND_NAMESPACE}.`);
  const events = recordsUnder(schemas, EVENT_SUBJECT_PREFIX);
  const records = Object.fromEntries(events.map((e) => [e.name, publicRecord(e.schema)]));
  const created = records.AuctionCreated;
  if (!created) throw new Error('no AuctionCreated schema among the event schemas');
  const server = Object.fromEntries(
    Object.entries(
      serverMessages({ any: { oneOf: Object.values(records) }, auctionCreated: created }),
    ).map(([name, schema]) => [
      `server_${name}`,
      { name, contentType: 'application/json', payload: jsonSchema(schema, 'output') },
    ]),
  );
  const client = Object.fromEntries(
    Object.entries(clientMessages()).map(([name, message]) => [`client_${name}`, message]),
  );
  const refs = (channel: string, names: readonly string[]) =>
    names.map((name) => ({ $ref: `#/channels/${channel}/messages/${name}` }));
  const kafka = [{ $ref: '#/servers/kafka' }];
  return {
    asyncapi: '3.1.0',
    info: {
      title: 'auction-stream: topics and live feed',
      version: '1.0.0',
      description:
        'Commands and events on Kafka, keyed by auction id, and the WebSocket live feed. Topic names are the defaults (COMMANDS_TOPIC, EVENTS_AGGREGATE_TYPE change them). The HTTP API: /openapi.json.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: { host: 'localhost:9092', protocol: 'kafka', description: 'The broker.' },
      gateway: {
        host: 'localhost:8080',
        protocol: 'ws',
        description: 'The gateway: the live feed at /ws.',
      },
    },
    channels: {
      commands: {
        address: topics.commands,
        description: 'Commands, Avro, from the gateway (and the processor’s own closes).',
        servers: kafka,
        messages: Object.fromEntries(commands.map((c) => [c.name, commandMessage(c)])),
      },
      events: {
        address: topics.events,
        description: 'Decided events, in each auction’s order, from the outbox.',
        servers: kafka,
        messages: Object.fromEntries(events.map((e) => [e.name, eventMessage(e)])),
      },
      commandDeadLetters: {
        address: topics.commandsDeadLetter,
        description: 'Commands the processor could not decode or decide.',
        servers: kafka,
        messages: {
          DeadCommand: deadLetter('Command', {
            'dlq.topic': { type: 'string' },
            'dlq.partition': { type: 'string' },
          }),
        },
      },
      eventDeadLetters: {
        address: topics.eventsDeadLetter,
        description: 'Events a sink could not use.',
        servers: kafka,
        messages: {
          DeadEvent: deadLetter('Event', {
            'dlq.sink': { type: 'string', description: 'The sink that gave it up.' },
          }),
        },
      },
      live: {
        address: '/ws',
        description:
          'The live feed: subscribe to auctions and to new ones; with a token, bid and be told.',
        servers: [{ $ref: '#/servers/gateway' }],
        messages: { ...client, ...server },
        bindings: {
          ws: {
            query: {
              type: 'object',
              properties: {
                token: { type: 'string', description: 'A bearer token; without it, read-only.' },
                mode: { type: 'string', enum: ['latest'], description: 'Conflate to the latest.' },
              },
            },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations: {
      sendCommands: {
        action: 'send',
        summary: 'The gateway sends commands',
        channel: { $ref: '#/channels/commands' },
        messages: refs(
          'commands',
          commands.map((c) => c.name),
        ),
      },
      receiveEvents: {
        action: 'receive',
        summary: 'The sinks and the gateway’s live feed receive events',
        channel: { $ref: '#/channels/events' },
        messages: refs(
          'events',
          events.map((e) => e.name),
        ),
      },
      receiveCommandDeadLetters: {
        action: 'receive',
        summary: 'Operators read commands given up',
        channel: { $ref: '#/channels/commandDeadLetters' },
        messages: refs('commandDeadLetters', ['DeadCommand']),
      },
      receiveEventDeadLetters: {
        action: 'receive',
        summary: 'Operators read events given up',
        channel: { $ref: '#/channels/eventDeadLetters' },
        messages: refs('eventDeadLetters', ['DeadEvent']),
      },
      receiveClientMessages: {
        action: 'receive',
        summary: 'The gateway receives what a client sends',
        channel: { $ref: '#/channels/live' },
        messages: refs('live', Object.keys(client)),
      },
      sendServerMessages: {
        action: 'send',
        summary: 'The gateway sends welcomes, events, notifications, answers and errors',
        channel: { $ref: '#/channels/live' },
        messages: refs('live', Object.keys(server)),
      },
    },
  };
}
