import type { KafkaMessage } from 'kafkajs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  commandCodec,
  toCommandRecord,
  type Command,
  type CommandCodec,
  type CommandType,
} from './commands.js';
import { fakeRegistry } from './fake-registry.js';

const metadata = (commandId: string) => ({
  commandId,
  auctionId: 'auction-1',
  issuedBy: 'alice',
  issuedAt: Date.parse('2026-01-01T00:00:00Z'),
  correlationId: 'req-1',
});

/** One command of each type, as the gateway and the close scheduler build them. */
const FIXTURES: { readonly [K in CommandType]: Extract<Command, { type: K }> } = {
  CreateAuction: {
    type: 'CreateAuction',
    metadata: metadata('c-1'),
    data: {
      itemId: 'item-1',
      title: 'Cartier',
      startingPriceCents: 1_000,
      reservePriceCents: 5_000,
      buyNowPriceCents: null,
      startsAt: 1_767_225_600_000,
      endsAt: 1_767_229_200_000,
      antiSnipingWindowMs: 60_000,
      antiSnipingExtensionMs: 120_000,
      incrementTable: [
        { fromCents: 0, incrementCents: 50 },
        { fromCents: 10_000, incrementCents: 100 },
      ],
      externalRef: null,
    },
  },
  PlaceBid: {
    type: 'PlaceBid',
    metadata: metadata('bid-1'),
    data: { bidId: 'bid-1', idempotencyKey: 'key-1', maxAmountCents: 12_345 },
  },
  BuyNow: {
    type: 'BuyNow',
    metadata: metadata('bid-2'),
    data: { bidId: 'bid-2', idempotencyKey: 'key-2' },
  },
  CancelAuction: { type: 'CancelAuction', metadata: metadata('c-2'), data: {} },
  CloseAuction: { type: 'CloseAuction', metadata: metadata('c-3'), data: {} },
};

let codec: CommandCodec;
beforeAll(async () => {
  const { registry, schemaIds } = await fakeRegistry();
  codec = commandCodec(registry, schemaIds);
});

const asKafka = (m: { key?: string | null; value?: Buffer | null; headers?: object }) =>
  ({ offset: '0', timestamp: '0', attributes: 0, ...m }) as KafkaMessage;

describe('command codec', () => {
  for (const fixture of Object.values(FIXTURES)) {
    it(`${fixture.type}: encodes keyed by auction id with its headers and decodes to the same command`, async () => {
      const message = await codec.encode(fixture);
      expect(message.key).toBe('auction-1');
      expect(message.headers).toEqual({ commandType: fixture.type, correlationId: 'req-1' });
      expect(message.value[0]).toBe(0); // Confluent wire format: magic byte, then the schema id.
      expect(await codec.decode(asKafka(message))).toEqual({ ok: true, command: fixture });
    });
  }

  it('the Avro record is the envelope and the data side by side, as schemas/commands has them', () => {
    expect(toCommandRecord(FIXTURES.PlaceBid)).toEqual({
      commandId: 'bid-1',
      auctionId: 'auction-1',
      issuedBy: 'alice',
      issuedAt: Date.parse('2026-01-01T00:00:00Z'),
      correlationId: 'req-1',
      bidId: 'bid-1',
      idempotencyKey: 'key-1',
      maxAmountCents: 12_345,
    });
  });
});

describe('poison commands', () => {
  const poison = async (change: (m: KafkaMessage) => object) =>
    codec.decode(asKafka(change(asKafka(await codec.encode(FIXTURES.PlaceBid)))));

  it('an unknown or missing commandType header', async () => {
    expect(
      await poison((m) => ({ ...m, headers: { commandType: 'Bid', correlationId: 'req-1' } })),
    ).toEqual({
      ok: false,
      reason: 'unknown or missing commandType header: Bid',
      correlationId: 'req-1',
    });
    expect(await poison((m) => ({ ...m, headers: {} }))).toEqual({
      ok: false,
      reason: 'unknown or missing commandType header: (none)',
      correlationId: undefined,
    });
  });

  it('an empty value', async () => {
    expect(await poison((m) => ({ ...m, value: null }))).toMatchObject({
      ok: false,
      reason: 'empty message value',
    });
  });

  it('no key', async () => {
    expect(await poison((m) => ({ ...m, key: null }))).toMatchObject({
      ok: false,
      reason: 'message has no key (the auction id)',
    });
  });

  it('a key that is not the auction id', async () => {
    expect(await poison((m) => ({ ...m, key: Buffer.from('auction-2') }))).toMatchObject({
      ok: false,
      reason: "key auction-2 is not the command's auction id auction-1",
    });
  });

  it('a value that is not Avro in the wire format', async () => {
    const decoded = await poison((m) => ({ ...m, value: Buffer.from('{"json":true}') }));
    expect(decoded).toMatchObject({ ok: false, correlationId: 'req-1' });
    expect(decoded.ok || decoded.reason).toMatch(/^cannot decode Avro value: /);
  });
});
