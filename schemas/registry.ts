/**
 * Registers the Avro schemas of schemas/ with the Confluent-compatible schema registry, one
 * subject per record (its full name), with BACKWARD compatibility. An incompatible change is
 * refused by the registry and stops the caller with the subject's name.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { COMPATIBILITY, SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { TimedOut, within } from '../platform/within.js';

export interface SchemaFile {
  readonly file: string;
  /** The registry subject: the record's full name (record name strategy). */
  readonly subject: string;
  readonly schema: string;
}

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

/** Reads and validates every .avsc under `directory` (recursively); an invalid schema names its file. */
export async function loadSchemas(directory: string): Promise<SchemaFile[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.avsc'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (file) => parseSchemaFile(file, await readFile(file, 'utf8'))),
  );
}

export function parseSchemaFile(file: string, text: string): SchemaFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SchemaError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  let type: avro.Type;
  try {
    type = avro.Type.forSchema(json as avro.Schema);
  } catch (error) {
    throw new SchemaError(`${file}: not a valid Avro schema (${(error as Error).message})`);
  }
  if (type.typeName !== 'record' || !type.name)
    throw new SchemaError(`${file}: the top-level type must be a named record`);
  return { file, subject: type.name, schema: text };
}

/** How long one registration may take, and how often it is tried, before set-up gives up. */
const REGISTER_TIMEOUT_MS = 15_000;
const REGISTER_TRIES = 3;

/**
 * Registers each schema (idempotent: an unchanged schema keeps its id). Returns subject → id.
 * A registration that never answers (once seen in CI: the request never reached the registry) is
 * given up after REGISTER_TIMEOUT_MS and sent again; registering the same schema twice is harmless.
 */
export async function registerSchemas(registry: SchemaRegistry, schemas: readonly SchemaFile[]) {
  const ids = new Map<string, number>();
  for (const s of schemas) {
    const register = () =>
      registry.register(
        { type: SchemaType.AVRO, schema: s.schema },
        { subject: s.subject, compatibility: COMPATIBILITY.BACKWARD },
      );
    try {
      const { id } = await withRetries(register, s.subject);
      ids.set(s.subject, id);
    } catch (error) {
      if (error instanceof TimedOut) throw error;
      throw new SchemaError(
        `The registry refused ${path.basename(s.file)} for subject ${s.subject}: ${(error as Error).message}. ` +
          'If the change is not BACKWARD compatible, add a default to new fields or introduce a new record instead.',
        { cause: error },
      );
    }
  }
  return ids;
}

async function withRetries<T>(attempt: () => Promise<T>, subject: string): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await within(
        attempt(),
        REGISTER_TIMEOUT_MS,
        `registering ${subject} with the schema registry`,
      );
    } catch (error) {
      if (!(error instanceof TimedOut) || tried >= REGISTER_TRIES) throw error;
    }
  }
}
