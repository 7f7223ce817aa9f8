/**
 * Commands on the wire: each type's envelope (`metadata`) apart from its own fields (`data`), the
 * flat Avro record they travel as, and the Kafka message (Confluent wire format through the
 * schema registry, key = auction id, headers `commandType` and `correlationId`).
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { KafkaMessage } from 'kafkajs';
import {
  COMMAND_DATA_FIELDS,
  COMMAND_METADATA_FIELDS,
  COMMAND_TYPES,
  type CommandDataByType,
  type CommandMetadata,
  type CommandType,
} from './generated/commands.js';
import { flatten, oneOf, unflatten, type Enveloped, type Flat } from './envelope.js';
import { commandSubject, header, HEADERS } from './names.js';

export * from './generated/commands.js';

export type Command = Enveloped<CommandMetadata, CommandDataByType>;

export type CommandOf<K extends CommandType> = Extract<Command, { readonly type: K }>;

/** A command as its Avro record (schemas/commands/<type>.avsc): envelope and data side by side. */
export type CommandRecord<K extends CommandType = CommandType> = Flat<
  CommandMetadata,
  CommandDataByType,
  K
>;

/** The registry calls the codec uses (a fake in unit tests). */
export type CommandRegistry = Pick<SchemaRegistry, 'encode' | 'decode'>;

export const isCommandType = oneOf(COMMAND_TYPES);

export const toCommandRecord = (c: Command) => flatten(c) as CommandRecord;

/** Splits a decoded record of `type` into envelope and data (by the schema's field names). */
export const fromCommandRecord = (type: CommandType, record: CommandRecord) =>
  unflatten(type, record, COMMAND_METADATA_FIELDS, COMMAND_DATA_FIELDS[type]) as unknown as Command;

/**
 * Looks up the latest registered schema id of every command type, and fetches each schema once
 * so the registry client caches it: encoding then never waits on the registry, and a registry
 * outage after start-up cannot fail a publish.
 */
export async function commandSchemaIds(
  registry: Pick<SchemaRegistry, 'getLatestSchemaId' | 'getSchema'>,
): Promise<Map<CommandType, number>> {
  const entries = await Promise.all(
    COMMAND_TYPES.map(async (type) => {
      const id = await registry.getLatestSchemaId(commandSubject(type));
      await registry.getSchema(id);
      return [type, id] as const;
    }),
  );
  return new Map(entries);
}

/** The Kafka message of a command, without partition or topic. */
export interface CommandMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: { readonly commandType: CommandType; readonly correlationId: string };
}

/** Builds the codec over the registry and the schema id of each command type. */
export function commandCodec(
  registry: CommandRegistry,
  schemaIds: ReadonlyMap<CommandType, number>,
) {
  return {
    async encode(c: Command): Promise<CommandMessage> {
      const schemaId = schemaIds.get(c.type);
      if (schemaId === undefined) throw new Error(`no schema id for ${c.type}`);
      return {
        key: c.metadata.auctionId,
        value: await registry.encode(schemaId, toCommandRecord(c)),
        headers: { commandType: c.type, correlationId: c.metadata.correlationId },
      };
    },
    decode: (message: KafkaMessage) => decodeCommandMessage(registry, message),
  };
}

export type CommandCodec = ReturnType<typeof commandCodec>;

export type CommandDecoding =
  | { readonly ok: true; readonly command: Command }
  | {
      readonly ok: false;
      /** Why the message is poison: it goes to the dead-letter topic with this reason. */
      readonly reason: string;
      /** From the message's header, when it has one: the logs of a poison message still correlate. */
      readonly correlationId?: string | undefined;
    };

/** Turns a message of the commands topic into a command, or says why it cannot. */
export async function decodeCommandMessage(
  registry: Pick<SchemaRegistry, 'decode'>,
  message: KafkaMessage,
): Promise<CommandDecoding> {
  const decoded = await decodeChecked(registry, message);
  return decoded.ok
    ? decoded
    : { ...decoded, correlationId: header(message, HEADERS.correlationId) };
}

async function decodeChecked(
  registry: Pick<SchemaRegistry, 'decode'>,
  message: KafkaMessage,
): Promise<CommandDecoding> {
  const type = header(message, HEADERS.commandType);
  if (!isCommandType(type))
    return { ok: false, reason: `unknown or missing commandType header: ${type ?? '(none)'}` };
  if (!message.value) return { ok: false, reason: 'empty message value' };
  if (!message.key) return { ok: false, reason: 'message has no key (the auction id)' };
  let record: CommandRecord;
  try {
    // The registry decodes with the writer's registered schema: the value is one of its records.
    record = (await registry.decode(message.value)) as CommandRecord;
  } catch (error) {
    return { ok: false, reason: `cannot decode Avro value: ${(error as Error).message}` };
  }
  const decoded = fromCommandRecord(type, record);
  const key = message.key.toString();
  if (decoded.metadata.auctionId !== key) {
    return {
      ok: false,
      reason: `key ${key} is not the command's auction id ${String(decoded.metadata.auctionId)}`,
    };
  }
  return { ok: true, command: decoded };
}
