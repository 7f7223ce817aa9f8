import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { decodeValue, plainValue, wireSchemaId, type AvroDecoder } from './value-decoding.js';

const bid = avro.Type.forSchema({
  type: 'record',
  name: 'PlaceBid',
  fields: [
    { name: 'auctionId', type: 'string' },
    { name: 'maxAmountCents', type: 'long' },
  ],
});

/** Confluent wire format: magic byte 0, the schema id (4 bytes, big-endian), the Avro body. */
function wire(schemaId: number, body: Buffer) {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

/** Stands in for the registry: knows schema 7 only. */
const registry: AvroDecoder = (value) => {
  if (wireSchemaId(value) !== 7) return Promise.reject(new Error('Schema not found'));
  return Promise.resolve(bid.fromBuffer(value.subarray(5)) as unknown);
};

const bidBody = bid.toBuffer({ auctionId: 'a-1', maxAmountCents: 1250 });

describe('wireSchemaId', () => {
  it('reads the schema id after the magic byte', () => {
    expect(wireSchemaId(wire(7, bidBody))).toBe(7);
    expect(wireSchemaId(wire(0x01020304, bidBody))).toBe(0x01020304);
  });

  it('is undefined for anything else', () => {
    expect(wireSchemaId(Buffer.from('{"a":1}'))).toBeUndefined();
    expect(wireSchemaId(Buffer.from([0, 0, 0, 0, 7]))).toBeUndefined(); // a header, no body
    expect(wireSchemaId(Buffer.from([1, 0, 0, 0, 7, 2]))).toBeUndefined();
  });
});

describe('decodeValue', () => {
  it('decodes Avro in the wire format through the registry', async () => {
    expect(await decodeValue(wire(7, bidBody), registry)).toEqual({
      format: 'avro',
      schemaId: 7,
      value: { auctionId: 'a-1', maxAmountCents: 1250 },
    });
  });

  it('shows Avro the registry cannot decode as base64, saying why', async () => {
    const value = wire(9, bidBody);
    expect(await decodeValue(value, registry)).toEqual({
      format: 'base64',
      value: value.toString('base64'),
      error: 'Avro with schema id 9, not decoded: Schema not found',
    });
  });

  it('parses JSON, keeps other text as it is, and a tombstone as null', async () => {
    const never: AvroDecoder = () => Promise.reject(new Error('not Avro'));
    expect(
      await decodeValue(Buffer.from('{"type":"BidAccepted","amountCents":1250}'), never),
    ).toEqual({
      format: 'json',
      value: { type: 'BidAccepted', amountCents: 1250 },
    });
    expect(await decodeValue(Buffer.from('plain words\n'), never)).toEqual({
      format: 'text',
      value: 'plain words\n',
    });
    expect(await decodeValue(null, never)).toEqual({ format: 'null', value: null });
  });
});

describe('plainValue', () => {
  it('shows bytes that are not printable UTF-8 as base64', () => {
    expect(plainValue(Buffer.from([0xff, 0xfe, 0x41]))).toEqual({
      format: 'base64',
      value: '//5B',
    });
    expect(plainValue(Buffer.from('bell\u0007'))).toEqual({
      format: 'base64',
      value: Buffer.from('bell\u0007').toString('base64'),
    });
  });

  it('takes UTF-8 text beyond ASCII as text', () => {
    expect(plainValue(Buffer.from('enchères à 12 €'))).toEqual({
      format: 'text',
      value: 'enchères à 12 €',
    });
  });
});
