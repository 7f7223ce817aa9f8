/**
 * What leaves through the outbox: each domain event as the JSON form of its Avro record
 * (schemas/events), with the envelope (event id, per-auction sequence, cause, correlation id)
 * and without anything hidden (a bidder's maximum until it is outbid, the reserve amount).
 * Every payload is checked against its schema before it is written.
 */
import {
  eventPayloads,
  EventSchemaError,
  type Event,
  type EventDataByType,
  type EventRecord,
  type EventType,
} from '../contracts/events.js';
import type { SchemaFile } from '../schemas/registry.js';
import type { AuctionEvent } from './domain/index.js';

export interface Envelope {
  readonly eventId: string;
  readonly sequence: number;
  readonly occurredAt: number;
  readonly commandId: string;
  readonly correlationId: string;
  readonly issuedBy: string;
  readonly commandType: string;
}

/** The published form of a domain event: its public fields as the contract's data. */
export function publishedEvent(event: AuctionEvent, envelope: Envelope): Event {
  const { eventId, sequence, occurredAt, commandId, correlationId } = envelope;
  const metadata = {
    eventId,
    auctionId: event.auctionId,
    sequence,
    occurredAt,
    commandId,
    correlationId,
  };
  const published = <K extends EventType>(type: K, data: EventDataByType[K]) =>
    ({ type, metadata, data }) as Event;
  switch (event.type) {
    case 'AuctionCreated':
      return published('AuctionCreated', {
        sellerId: event.sellerId,
        itemId: event.itemId,
        title: event.title,
        startingPriceCents: event.startingPriceCents,
        hasReserve: event.reservePriceCents !== undefined,
        buyNowPriceCents: event.buyNowPriceCents ?? null,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        antiSnipingWindowMs: event.antiSnipingWindowMs,
        antiSnipingExtensionMs: event.antiSnipingExtensionMs,
        externalRef: event.externalRef ?? null,
      });
    case 'BidAccepted':
      return published('BidAccepted', {
        bidId: event.bidId,
        bidderId: event.bidderId,
        visiblePriceCents: event.visiblePriceCents,
        leaderId: event.leaderId,
        leading: event.leading,
        placedAt: event.placedAt,
      });
    case 'BidRejected':
      return published('BidRejected', {
        bidId: event.bidId,
        bidderId: event.bidderId,
        reason: event.reason,
        visiblePriceCents: event.visiblePriceCents,
        placedAt: event.placedAt,
      });
    case 'Outbid':
      return published('Outbid', {
        bidderId: event.bidderId,
        leaderId: event.leaderId,
        visiblePriceCents: event.visiblePriceCents,
        shownAmountCents: event.maxAmountCents,
      });
    case 'ReserveMet':
      return published('ReserveMet', { visiblePriceCents: event.visiblePriceCents });
    case 'AuctionExtended':
      return published('AuctionExtended', {
        previousEndsAt: event.previousEndsAt,
        newEndsAt: event.newEndsAt,
        byBidId: event.byBidId,
      });
    case 'AuctionClosed':
      return published('AuctionClosed', {
        outcome: event.outcome,
        winnerId: event.winnerId,
        priceCents: event.priceCents,
        closedAt: event.closedAt,
      });
    case 'AuctionCancelled':
      return published('AuctionCancelled', {
        cancelledBy: event.cancelledBy,
        cancelledAt: event.cancelledAt,
      });
    case 'CommandRejected':
      return published('CommandRejected', {
        commandType: envelope.commandType,
        issuedBy: envelope.issuedBy,
        reason: event.reason,
        detail: event.detail ?? '',
      });
    default: {
      const unreachable: never = event;
      throw new EventSchemaError(
        `no payload mapping for ${(unreachable as { type: string }).type}`,
      );
    }
  }
}

export type PayloadBuilder = (event: AuctionEvent, envelope: Envelope) => EventRecord;

/** Builds payloads checked against the event schemas found in `schemas`. */
export function payloadBuilder(schemas: readonly SchemaFile[]): PayloadBuilder {
  const payloadOf = eventPayloads(schemas);
  return (event, envelope) => payloadOf(publishedEvent(event, envelope));
}
