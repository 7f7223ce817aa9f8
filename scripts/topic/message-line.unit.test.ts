import { describe, expect, it } from 'vitest';
import { headerStrings, messageLine, type ReadMessage } from './message-line.js';

const message: ReadMessage = {
  partition: 3,
  offset: '41',
  timestamp: String(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
  key: Buffer.from('a-1'),
  headers: { commandType: Buffer.from('PlaceBid'), correlationId: Buffer.from('c-9') },
};

describe('messageLine', () => {
  it('is one JSON line: partition, offset, time, key, headers as strings, then the value', () => {
    const line = messageLine(message, {
      format: 'avro',
      schemaId: 7,
      value: { auctionId: 'a-1', maxAmountCents: 1250 },
    });
    expect(line).not.toContain('\n');
    expect(line).toBe(
      '{"partition":3,"offset":41,"timestamp":"2026-01-02T03:04:05.678Z","key":"a-1",' +
        '"headers":{"commandType":"PlaceBid","correlationId":"c-9"},' +
        '"valueFormat":"avro","schemaId":7,"value":{"auctionId":"a-1","maxAmountCents":1250}}',
    );
  });

  it('writes a binary key as base64 and says so, and no key as null', () => {
    const binaryKey = JSON.parse(
      messageLine({ ...message, key: Buffer.from([0, 1, 255]) }, { format: 'null', value: null }),
    ) as Record<string, unknown>;
    expect(binaryKey).toMatchObject({ key: 'AAH/', keyFormat: 'base64', value: null });
    const noKey = JSON.parse(
      messageLine({ ...message, key: null }, { format: 'text', value: 'x' }),
    ) as Record<string, unknown>;
    expect(noKey.key).toBeNull();
    expect(noKey).not.toHaveProperty('keyFormat');
  });

  it('shows bytes in a decoded value as base64 and longs past 2^53 as decimal strings', () => {
    const line = messageLine(message, {
      format: 'avro',
      schemaId: 1,
      value: { photo: Buffer.from('hi'), raw: new Uint8Array([1, 2]), big: 2n ** 63n - 1n },
    });
    expect(JSON.parse(line)).toMatchObject({
      value: { photo: 'aGk=', raw: 'AQI=', big: '9223372036854775807' },
    });
  });

  it('carries the reason an Avro value could not be decoded', () => {
    const line = messageLine(message, { format: 'base64', value: 'AAAA', error: 'no schema 9' });
    expect(JSON.parse(line)).toMatchObject({ valueFormat: 'base64', error: 'no schema 9' });
  });
});

describe('headerStrings', () => {
  it('turns buffers into text, keeps repeated headers as a list and drops absent ones', () => {
    expect(
      headerStrings({ a: Buffer.from('x'), b: 'y', c: [Buffer.from('1'), '2'], d: undefined }),
    ).toEqual({ a: 'x', b: 'y', c: ['1', '2'] });
  });
});
