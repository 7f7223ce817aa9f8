/** Sends messages a consumer cannot use to its dead-letter topic, with the reason in headers. */
import type { KafkaMessage, Producer } from 'kafkajs';

export interface DeadLetter {
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly reason: string;
  /** From the message's header, when it has one. */
  readonly correlationId?: string;
}

export interface DeadLetterOptions {
  readonly producer: Pick<Producer, 'send'>;
  readonly topic: string;
  /** Headers naming where a letter came from (the processor: topic and partition; a sink: its name). */
  readonly source: (partition: number) => Readonly<Record<string, string>>;
}

export class DeadLetterWriter {
  constructor(private readonly options: DeadLetterOptions) {}

  async send(letters: readonly DeadLetter[]) {
    if (letters.length === 0) return;
    await this.options.producer.send({
      topic: this.options.topic,
      acks: -1,
      messages: letters.map((l) => ({
        key: l.message.key,
        value: l.message.value,
        headers: {
          ...l.message.headers,
          'dlq.reason': l.reason,
          ...this.options.source(l.partition),
          'dlq.offset': l.message.offset,
        },
      })),
    });
  }
}
