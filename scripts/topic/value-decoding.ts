/**
 * How a message's bytes are shown: Avro in the Confluent wire format (magic byte 0, then a
 * 4-byte big-endian schema id, then the Avro body) decoded through the schema registry; else
 * JSON parsed; else UTF-8 text; else base64. The registry lookup is passed in.
 */

export type DecodedValue =
  /** No value: a tombstone. */
  | { readonly format: 'null'; readonly value: null }
  | { readonly format: 'avro'; readonly schemaId: number; readonly value: unknown }
  | { readonly format: 'json'; readonly value: unknown }
  | { readonly format: 'text'; readonly value: string }
  /** Binary, or Avro the registry could not decode (`error` says why). */
  | { readonly format: 'base64'; readonly value: string; readonly error?: string };

/** Decodes a Confluent wire-format value (its schema id is in the bytes). */
export type AvroDecoder = (value: Buffer) => Promise<unknown>;

const WIRE_HEADER_BYTES = 5;

/** The schema id of a Confluent wire-format value, or undefined if it is not one. */
export function wireSchemaId(value: Buffer): number | undefined {
  if (value.length <= WIRE_HEADER_BYTES || value[0] !== 0) return undefined;
  return value.readUInt32BE(1);
}

export async function decodeValue(
  value: Buffer | null,
  decodeAvro: AvroDecoder,
): Promise<DecodedValue> {
  if (value === null) return { format: 'null', value: null };
  const schemaId = wireSchemaId(value);
  if (schemaId === undefined) return plainValue(value);
  try {
    return { format: 'avro', schemaId, value: await decodeAvro(value) };
  } catch (error) {
    return {
      format: 'base64',
      value: value.toString('base64'),
      error: `Avro with schema id ${schemaId}, not decoded: ${(error as Error).message}`,
    };
  }
}

/** JSON if it parses, UTF-8 text if it is printable, base64 otherwise. */
export function plainValue(value: Buffer): DecodedValue {
  const text = printableText(value);
  if (text === undefined) return { format: 'base64', value: value.toString('base64') };
  try {
    return { format: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { format: 'text', value: text };
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text, if they are valid UTF-8 without control characters (tabs and newlines aside). */
export function printableText(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}
