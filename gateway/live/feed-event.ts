/** An event as the live feed passes it on: type, auction, sequence and the published payload. */
import type { KafkaMessage } from 'kafkajs';

export interface FeedEvent {
  readonly eventType: string;
  readonly auctionId: string;
  readonly sequence: number;
  readonly event: Record<string, unknown>;
}

export function feedEventOf(message: KafkaMessage): FeedEvent | undefined {
  const eventType = message.headers?.eventType?.toString();
  if (!eventType || !message.value) return undefined;
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
