import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import avro from 'avsc';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it, vi } from 'vitest';
import { TimedOut } from '../platform/within.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { loadSchemas, parseSchemaFile, registerSchemas, SchemaError } from './registry.js';

const fixtures = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'schemas');

describe('schemas/', () => {
  it('holds valid Avro records, one subject each, named by their full record name', async () => {
    const schemas = await loadSchemas(path.join(PROJECT_ROOT, 'schemas'));
    expect(schemas.map((s) => s.subject)).toContain('auction.commands.PlaceBid');
    expect(schemas.map((s) => s.subject)).toContain('auction.events.BidAccepted');
    expect(new Set(schemas.map((s) => s.subject)).size).toBe(schemas.length);
  });

  it('round-trips a PlaceBid command through its Avro encoding and refuses fractional cents', async () => {
    const schemas = await loadSchemas(path.join(PROJECT_ROOT, 'schemas'));
    const placeBid = schemas.find((s) => s.subject === 'auction.commands.PlaceBid')!;
    const type = avro.Type.forSchema(JSON.parse(placeBid.schema) as avro.Schema);
    const command = {
      commandId: 'c-1',
      auctionId: 'a-1',
      issuedBy: 'alice',
      issuedAt: 1_767_225_600_000,
      correlationId: 'req-1',
      bidId: 'c-1',
      idempotencyKey: 'k-1',
      maxAmountCents: 17_550,
    };
    expect(type.fromBuffer(type.toBuffer(command))).toEqual(command);
    expect(() => type.toBuffer({ ...command, maxAmountCents: 12.5 })).toThrow();
  });

  it('has a schema for every command and every event', async () => {
    const subjects = (await loadSchemas(path.join(PROJECT_ROOT, 'schemas'))).map((s) => s.subject);
    expect(subjects.filter((s) => s.startsWith('auction.commands.')).sort()).toEqual(
      ['BuyNow', 'CancelAuction', 'CloseAuction', 'CreateAuction', 'PlaceBid'].map(
        (n) => `auction.commands.${n}`,
      ),
    );
    expect(subjects.filter((s) => s.startsWith('auction.events.')).length).toBe(9);
  });

  it.each(['not-json', 'unknown-type', 'not-a-record', 'bad-default'])(
    'refuses the invalid fixture %s.avsc, naming the file',
    async (name) => {
      const file = path.join(fixtures, `${name}.avsc`);
      const text = await readFile(file, 'utf8');
      expect(() => parseSchemaFile(file, text)).toThrow(SchemaError);
      expect(() => parseSchemaFile(file, text)).toThrow(`${name}.avsc`);
    },
  );

  it('has a test for every invalid fixture', async () => {
    expect((await readdir(fixtures)).sort()).toEqual([
      'bad-default.avsc',
      'not-a-record.avsc',
      'not-json.avsc',
      'unknown-type.avsc',
    ]);
  });
});

describe('registerSchemas', () => {
  const schema = {
    file: 'PlaceBid.avsc',
    subject: 'auction.commands.PlaceBid',
    schema: '"string"',
  };

  it('sends a registration again when the registry never answers it, and gives up after three tries', async () => {
    vi.useFakeTimers();
    try {
      const answers = [new Promise<never>(() => {}), Promise.resolve({ id: 7 })];
      let calls = 0;
      const registry = { register: () => answers[calls++] } as unknown as SchemaRegistry;
      const registering = registerSchemas(registry, [schema]);
      await vi.advanceTimersByTimeAsync(15_000);
      expect(await registering).toEqual(new Map([['auction.commands.PlaceBid', 7]]));
      expect(calls).toBe(2);

      const silent = { register: () => new Promise<never>(() => {}) } as unknown as SchemaRegistry;
      const giving = registerSchemas(silent, [schema]).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(45_000);
      expect(await giving).toBeInstanceOf(TimedOut);
    } finally {
      vi.useRealTimers();
    }
  });
});
