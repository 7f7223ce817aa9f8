/** An event as the live feed passes it on: type, auction, sequence and the published payload. */
import type { KafkaMessage } from 'kafkajs';
import { isEventType, type EventType } from '../../contracts/events.js';
import { header, HEADERS } from '../../contracts/names.js';

export interface FeedEvent {
  readonly eventType: EventType;
  readonly auctionId: string;
  readonly sequence: number;
  /** The published JSON record (contracts/events.ts), passed on to clients as it is. */
  readonly event: Readonly<Record<string, unknown>>;
}

export function feedEventOf(message: KafkaMessage): FeedEvent | undefined {
  const eventType = header(message, HEADERS.eventType);
  if (!isEventType(eventType) || !message.value) return undefined;
  try {
    const event = JSON.parse(message.value.toString()) as Record<string, unknown>;
    const sequence = Number(event.sequence);
    if (typeof event.auctionId !== 'string' || !Number.isSafeInteger(sequence) || sequence < 1)
      return undefined;
    return { eventType, auctionId: event.auctionId, sequence, event };
  } catch {
    return undefined;
  }
}
