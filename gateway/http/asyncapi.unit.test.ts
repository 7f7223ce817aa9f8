/**
 * The AsyncAPI document (GET /asyncapi.json) parses with the official parser, Avro payloads
 * included (validated by @asyncapi/avro-schema-parser), without a diagnostic of severity error;
 * it names every command and event the schemas define and every message a client may send.
 */
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../../contracts/generated/commands.js';
import { EVENT_TYPES } from '../../contracts/generated/events.js';
import { SCHEMAS_DIR } from '../../schemas/location.js';
import { loadSchemas, type SchemaFile } from '../../schemas/registry.js';
import { asyncApiDocument } from './asyncapi.js';

const parser = new Parser();
parser.registerSchemaParser(AvroSchemaParser());

/** The diagnostics of severity error, as readable lines. */
async function errorsOf(document: unknown): Promise<string[]> {
  const { diagnostics } = await parser.parse(JSON.stringify(document));
  return diagnostics
    .filter((d) => Number(d.severity) === Number(DiagnosticSeverity.Error))
    .map((d) => `${d.path.join('.')}: ${d.message}`);
}

let schemas: SchemaFile[];
let document: ReturnType<typeof asyncApiDocument>;

beforeAll(async () => {
  schemas = await loadSchemas(SCHEMAS_DIR);
  document = asyncApiDocument(schemas);
});

describe('the AsyncAPI document', () => {
  it('parses without errors, its Avro payloads validated', async () => {
    expect(document.asyncapi).toMatch(/^3\./);
    expect(await errorsOf(document)).toEqual([]);
  }, 30_000);

  it('is refused by the parser when broken, so the test above can fail', async () => {
    const broken = structuredClone(document) as unknown as {
      channels: { commands: { messages: { PlaceBid: { payload: { schema: unknown } } } } };
    };
    broken.channels.commands.messages.PlaceBid.payload.schema = { type: 'record', fields: 7 };
    expect(await errorsOf(broken)).not.toEqual([]);
  }, 30_000);

  it('has a message for every command and event the Avro schemas define', () => {
    expect(Object.keys(document.channels.commands.messages).sort()).toEqual(
      [...COMMAND_TYPES].sort(),
    );
    expect(Object.keys(document.channels.events.messages).sort()).toEqual([...EVENT_TYPES].sort());
    expect(document.channels.commands.messages.PlaceBid?.payload.schema).toEqual(
      JSON.parse(schemas.find((s) => s.subject === 'auction.commands.PlaceBid')!.schema),
    );
  });

  it('describes every message a client may send, and what the gateway sends', () => {
    const live = Object.keys(document.channels.live.messages);
    for (const type of [
      'subscribe',
      'unsubscribe',
      'subscribe_auctions',
      'unsubscribe_auctions',
      'bid',
      'buy_now',
      'ping',
    ])
      expect(live).toContain(`client_${type}`);
    expect(live).toContain('server_event');
    expect(live).toContain('server_pong');
  });
});

describe('a live event message', () => {
  const ajv = new Ajv({ strict: false });
  const record = {
    eventId: 'e-1',
    auctionId: 'a-1',
    sequence: 3,
    occurredAt: 1_700_000_000_000,
    commandId: 'c-1',
    bidId: 'b-1',
    bidderId: 'alice',
    visiblePriceCents: 1200,
    leaderId: 'alice',
    leading: true,
  };

  it('matches its schema with the record the socket sends, and not with correlationId', () => {
    const validate = ajv.compile(document.channels.live.messages.server_event!.payload as object);
    const message = { type: 'event', auctionId: 'a-1', sequence: 3, eventType: 'BidAccepted' };
    const accepted = { ...record, ...extraBidAcceptedFields(schemas) };
    expect(validate({ ...message, event: accepted }), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...message, event: { ...accepted, correlationId: 'x' } })).toBe(false);
  });
});

/** BidAccepted's remaining fields, with a value of their type (from its .avsc, read as such). */
function extraBidAcceptedFields(files: readonly SchemaFile[]): Record<string, unknown> {
  const avsc = JSON.parse(
    files.find((s) => s.subject === 'auction.events.BidAccepted')!.schema,
  ) as {
    fields: { name: string; type: unknown }[];
  };
  const sample = (type: unknown): unknown =>
    type === 'string'
      ? 'x'
      : type === 'long' || type === 'int'
        ? 1
        : type === 'boolean'
          ? false
          : null;
  return Object.fromEntries(
    avsc.fields
      .filter((f) => !['correlationId'].includes(f.name))
      .map((f) => [f.name, sample(Array.isArray(f.type) ? 'null' : f.type)]),
  );
}
