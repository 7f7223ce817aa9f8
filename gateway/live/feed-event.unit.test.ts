/** The live feed reads the events topic through the contract's schema check, as the sinks do. */
import { beforeAll, describe, expect, it } from 'vitest';
import { toEventRecord } from '../../contracts/events.js';
import { anEvent } from '../testing/events.js';
import { feedDecoder, type DecodeEvent } from './feed-event.js';
import { kafkaMessage } from '../../contracts/test-message.js';

let decode: DecodeEvent;
beforeAll(async () => {
  decode = await feedDecoder();
});

/** A message as Debezium publishes it: the record as JSON text, the type and id in headers. */
const message = (value: unknown, eventType: string, eventId: string) =>
  kafkaMessage('a1', value, { eventType, eventId });

describe('feedDecoder', () => {
  it('reads a published record as the typed event it was made from', () => {
    const event = anEvent('AuctionClosed', 'a1', 7, {
      outcome: 'sold',
      winnerId: 'bea',
      priceCents: 5000,
    });
    const decoded = decode(message(toEventRecord(event), 'AuctionClosed', event.metadata.eventId));
    expect(decoded).toEqual({ ok: true, event });
  });

  it('refuses a record that does not match its schema, naming the field', () => {
    const event = anEvent('BidAccepted', 'a1', 2);
    const record = { ...toEventRecord(event), visiblePriceCents: '12.50' };
    expect(decode(message(record, 'BidAccepted', event.metadata.eventId))).toEqual({
      ok: false,
      reason: expect.stringContaining('visiblePriceCents') as string,
    });
  });
});
