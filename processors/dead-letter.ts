/** Sends a message the processor cannot use to the dead-letter topic, with the reason in headers. */
import type { KafkaMessage, Producer } from 'kafkajs';

export interface DeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly reason: string;
  /** From the command's header, when it has one. */
  readonly correlationId?: string;
}

export async function sendToDeadLetter(
  producer: Producer,
  deadLetterTopic: string,
  letters: readonly DeadLetter[],
) {
  if (letters.length === 0) return;
  await producer.send({
    topic: deadLetterTopic,
    acks: -1,
    messages: letters.map((l) => ({
      key: l.message.key,
      value: l.message.value,
      headers: {
        ...l.message.headers,
        'dlq.reason': l.reason,
        'dlq.topic': l.topic,
        'dlq.partition': String(l.partition),
        'dlq.offset': l.message.offset,
      },
    })),
  });
}
