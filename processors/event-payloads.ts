/**
 * What leaves through the outbox: each domain event as the JSON form of its Avro record
 * (schemas/events), with the envelope (event id, per-auction sequence, cause, correlation id)
 * and without anything hidden (bidders' maxima, the reserve amount). Every payload is checked
 * against its schema before it is written.
 */
import { eventTypes, type SchemaFile } from '../schemas/registry.js';
import type { AuctionEvent } from './domain/index.js';
import { AppError } from '../platform/errors.js';

export interface Envelope {
  readonly eventId: string;
  readonly sequence: number;
  readonly occurredAt: number;
  readonly commandId: string;
  readonly correlationId: string;
  readonly issuedBy: string;
  readonly commandType: string;
}

/** An event that does not match its schema: trying again builds the same event. */
export class EventSchemaError extends AppError {
  override readonly name = 'EventSchemaError';
  readonly code = 'event_schema_mismatch';
  readonly retriable = false;
}

/** The public fields of an event, by type. */
function publicFields(event: AuctionEvent, envelope: Envelope): Record<string, unknown> {
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
      };
    case 'BidAccepted':
      return {
        bidId: event.bidId,
        bidderId: event.bidderId,
        visiblePriceCents: event.visiblePriceCents,
        leaderId: event.leaderId,
        leading: event.leading,
        placedAt: event.placedAt,
      };
    case 'BidRejected':
      return {
        bidId: event.bidId,
        bidderId: event.bidderId,
        reason: event.reason,
        visiblePriceCents: event.visiblePriceCents,
        placedAt: event.placedAt,
      };
    case 'Outbid':
      return {
        bidderId: event.bidderId,
        leaderId: event.leaderId,
        visiblePriceCents: event.visiblePriceCents,
      };
    case 'ReserveMet':
      return { visiblePriceCents: event.visiblePriceCents };
    case 'AuctionExtended':
      return {
        previousEndsAt: event.previousEndsAt,
        newEndsAt: event.newEndsAt,
        byBidId: event.byBidId,
      };
    case 'AuctionClosed':
      return {
        outcome: event.outcome,
        winnerId: event.winnerId,
        priceCents: event.priceCents,
        closedAt: event.closedAt,
      };
    case 'AuctionCancelled':
      return { cancelledBy: event.cancelledBy, cancelledAt: event.cancelledAt };
    case 'CommandRejected':
      return {
        commandType: envelope.commandType,
        issuedBy: envelope.issuedBy,
        reason: event.reason,
        detail: event.detail ?? '',
      };
    default: {
      const unreachable: never = event;
      throw new EventSchemaError(
        `no payload mapping for ${(unreachable as { type: string }).type}`,
      );
    }
  }
}

export type PayloadBuilder = (event: AuctionEvent, envelope: Envelope) => Record<string, unknown>;

/** Builds payloads checked against the event schemas found in `schemas`. */
export function payloadBuilder(schemas: readonly SchemaFile[]): PayloadBuilder {
  const types = eventTypes(schemas);
  return (event, envelope) => {
    const type = types.get(event.type);
    if (!type)
      throw new EventSchemaError(`no Avro schema for event ${event.type} in schemas/events`);
    const payload = {
      eventId: envelope.eventId,
      auctionId: event.auctionId,
      sequence: envelope.sequence,
      occurredAt: envelope.occurredAt,
      commandId: envelope.commandId,
      correlationId: envelope.correlationId,
      ...publicFields(event, envelope),
    };
    const problems: string[] = [];
    if (
      !type.isValid(payload, { errorHook: (path) => problems.push(path.join('.') || '(record)') })
    ) {
      throw new EventSchemaError(
        `${event.type} does not match its schema at: ${problems.join(', ')}`,
      );
    }
    return payload;
  };
}
