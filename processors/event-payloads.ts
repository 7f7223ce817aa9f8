/**
 * What leaves through the outbox: each domain event as the JSON form of its Avro record
 * (schemas/events), with the envelope (event id, per-auction sequence, cause, correlation id)
 * and without anything hidden (a bidder's maximum until it is outbid, the reserve amount).
 * Every payload is checked against its schema before it is written.
 */
import {
  eventRecordChecker,
  EventSchemaError,
  toEventRecord,
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
  return { type: event.type, metadata, data: dataOf(event, envelope) } as Event;
}

/** A domain event's public fields, each type's checked against its contract's data. */
function dataOf(event: AuctionEvent, envelope: Envelope): EventDataByType[EventType] {
  switch (event.type) {
    case 'AuctionCreated':
      return {
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
      } satisfies EventDataByType['AuctionCreated'];
    case 'BidAccepted':
      return {
        bidId: event.bidId,
        bidderId: event.bidderId,
        visiblePriceCents: event.visiblePriceCents,
        leaderId: event.leaderId,
        leading: event.leading,
        placedAt: event.placedAt,
      } satisfies EventDataByType['BidAccepted'];
    case 'BidRejected':
      return {
        bidId: event.bidId,
        bidderId: event.bidderId,
        reason: event.reason,
        visiblePriceCents: event.visiblePriceCents,
        placedAt: event.placedAt,
      } satisfies EventDataByType['BidRejected'];
    case 'Outbid':
      return {
        bidderId: event.bidderId,
        leaderId: event.leaderId,
        visiblePriceCents: event.visiblePriceCents,
        shownAmountCents: event.maxAmountCents,
      } satisfies EventDataByType['Outbid'];
    case 'ReserveMet':
      return { visiblePriceCents: event.visiblePriceCents } satisfies EventDataByType['ReserveMet'];
    case 'AuctionExtended':
      return {
        previousEndsAt: event.previousEndsAt,
        newEndsAt: event.newEndsAt,
        byBidId: event.byBidId,
      } satisfies EventDataByType['AuctionExtended'];
    case 'AuctionClosed':
      return {
        outcome: event.outcome,
        winnerId: event.winnerId,
        priceCents: event.priceCents,
        closedAt: event.closedAt,
      } satisfies EventDataByType['AuctionClosed'];
    case 'AuctionCancelled':
      return {
        cancelledBy: event.cancelledBy,
        cancelledAt: event.cancelledAt,
      } satisfies EventDataByType['AuctionCancelled'];
    case 'CommandRejected':
      return {
        commandType: envelope.commandType,
        issuedBy: envelope.issuedBy,
        reason: event.reason,
        detail: event.detail ?? '',
      } satisfies EventDataByType['CommandRejected'];
    default: {
      const unreachable: never = event;
      throw new EventSchemaError(
        `no payload mapping for ${(unreachable as { type: string }).type}`,
      );
    }
  }
}

export type PayloadBuilder = (event: AuctionEvent, envelope: Envelope) => EventRecord;

/**
 * Builds payloads checked against the event schemas found in `schemas`: a compiled avsc type's
 * isValid per event (contracts/events.ts).
 */
export function payloadBuilder(schemas: readonly SchemaFile[]): PayloadBuilder {
  const check = eventRecordChecker(schemas);
  return (event, envelope) => check(event.type, toEventRecord(publishedEvent(event, envelope)));
}
