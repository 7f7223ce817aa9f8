import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemas, type SchemaFile } from '../schemas/registry.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { eventDecoder, eventPayloads, EventSchemaError, type EventOf } from './events.js';
import { kafkaMessage } from './test-message.js';

let schemas: SchemaFile[];
beforeAll(async () => {
  schemas = await loadSchemas(path.join(PROJECT_ROOT, 'schemas'));
});

const accepted: EventOf<'BidAccepted'> = {
  type: 'BidAccepted',
  metadata: {
    eventId: 'event-1',
    auctionId: 'auction-1',
    sequence: 2,
    occurredAt: 1_767_225_600_500,
    commandId: 'bid-1',
    correlationId: 'req-1',
  },
  data: {
    bidId: 'bid-1',
    bidderId: 'alice',
    visiblePriceCents: 1_050,
    leaderId: 'alice',
    leading: true,
    placedAt: 1_767_225_600_000,
  },
};

/** The JSON value Debezium publishes for `accepted`. */
const PUBLISHED = {
  eventId: 'event-1',
  auctionId: 'auction-1',
  sequence: 2,
  occurredAt: 1_767_225_600_500,
  commandId: 'bid-1',
  correlationId: 'req-1',
  bidId: 'bid-1',
  bidderId: 'alice',
  visiblePriceCents: 1_050,
  leaderId: 'alice',
  leading: true,
  placedAt: 1_767_225_600_000,
};

const message = (value: unknown, headers: Record<string, string>) =>
  kafkaMessage('auction-1', value, headers);

describe('event payloads', () => {
  it('are the envelope and the data side by side, in schema order', () => {
    const payload = eventPayloads(schemas)(accepted);
    expect(JSON.stringify(payload)).toBe(JSON.stringify(PUBLISHED));
  });

  it('that do not match their schema are refused, naming the fields at fault', () => {
    const build = eventPayloads(schemas);
    const bad = { ...accepted, data: { ...accepted.data, visiblePriceCents: 10.5 } };
    expect(() => build(bad)).toThrow(EventSchemaError);
    expect(() => build(bad)).toThrow('BidAccepted does not match its schema at: visiblePriceCents');
  });

  it('without a schema are refused', () => {
    const withoutEvents = schemas.filter((s) => !s.subject.startsWith('auction.events.'));
    expect(() => eventPayloads(withoutEvents)(accepted)).toThrow(
      'no Avro schema for event BidAccepted in schemas/events',
    );
  });
});

describe('event decoder', () => {
  const headers = { eventType: 'BidAccepted', eventId: 'event-1' };

  it('reads a published event into envelope and data', () => {
    expect(eventDecoder(schemas)(message(PUBLISHED, headers))).toEqual({
      ok: true,
      event: accepted,
    });
  });

  it.each([
    [
      'an unknown eventType header',
      message(PUBLISHED, { ...headers, eventType: 'BidMade' }),
      'unknown or missing eventType header: BidMade',
    ],
    [
      'no eventType header',
      message(PUBLISHED, { eventId: 'event-1' }),
      'unknown or missing eventType header: (none)',
    ],
    ['a value that is not JSON', message('{nope', headers), 'the value is not JSON'],
    [
      'a value that does not match the schema',
      message({ ...PUBLISHED, leading: 'yes' }, headers),
      'the value does not match the BidAccepted schema at: leading',
    ],
    [
      'an eventId header that is not the payload',
      message(PUBLISHED, { ...headers, eventId: 'event-2' }),
      'the eventId header does not match the payload',
    ],
  ])('refuses %s', (_what, m, reason) => {
    expect(eventDecoder(schemas)(m)).toEqual({ ok: false, reason });
  });
});
