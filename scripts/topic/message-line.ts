/**
 * One Kafka message as one JSON line for `jq`: partition, offset, timestamp, key, headers (as
 * strings), then the value and how it was decoded.
 */
import type { DecodedValue } from './value-decoding.js';
import { printableText } from './value-decoding.js';

/** The parts of a kafkajs message the line shows. */
export interface ReadMessage {
  readonly partition: number;
  readonly offset: string;
  /** Epoch milliseconds, as kafkajs gives it. */
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export function messageLine(message: ReadMessage, value: DecodedValue): string {
  const key = message.key === null ? null : printableText(message.key);
  const line = {
    partition: message.partition,
    offset: wholeNumber(message.offset),
    timestamp: isoTime(message.timestamp),
    key: key ?? message.key?.toString('base64') ?? null,
    ...(key === undefined && message.key !== null ? { keyFormat: 'base64' } : {}),
    headers: headerStrings(message.headers ?? {}),
    valueFormat: value.format,
    ...(value.format === 'avro' ? { schemaId: value.schemaId } : {}),
    ...(value.format === 'base64' && value.error !== undefined ? { error: value.error } : {}),
    value: value.value,
  };
  return JSON.stringify(line, jsonSafe);
}

export function headerStrings(
  headers: NonNullable<ReadMessage['headers']>,
): Record<string, string | string[]> {
  const strings: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    strings[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return strings;
}

/** An offset as a JSON number while it is exact (it always is in practice), else as a string. */
function wholeNumber(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function isoTime(epochMs: string): string | null {
  const time = new Date(Number(epochMs));
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/**
 * Decoded Avro may hold what JSON has no form for: bytes (shown as base64) and longs past 2^53
 * (as bigint, shown as a decimal string).
 */
function jsonSafe(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (Buffer.isBuffer(original)) return original.toString('base64');
  if (original instanceof Uint8Array) return Buffer.from(original).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  return value;
}
