/**
 * What a consumer plugs into the partition runner: how to decode one message, and what to do
 * with a run of decoded ones. The processor and both sinks are handlers.
 */
import type { KafkaMessage } from 'kafkajs';
import type { DeadLetter } from './dead-letter.js';
import type { ClassifiedFailure } from './retry-policy.js';

/** A message decoded into a typed value, or the reason it cannot be (it is dead-lettered). */
export type Decoding<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly reason: string;
      /** From the message's header, when it has one: the logs of a poison message still correlate. */
      readonly correlationId?: string;
    };

export interface Entry<T> {
  readonly message: KafkaMessage;
  readonly decoded: Decoding<T>;
}

/** Consecutive messages of one partition, in log order, with their decoded values. */
export interface Part<T> {
  readonly partition: number;
  /**
   * The partition's next offset before this part as the handler's store holds it (null: none
   * stored yet); undefined when the position is kept by Kafka.
   */
  readonly from: string | null | undefined;
  /** Every message of the part, poison ones too: handling the part passes all their offsets. */
  readonly messages: readonly KafkaMessage[];
  /** The messages that decoded, with their values. */
  readonly items: readonly { readonly message: KafkaMessage; readonly value: T }[];
}

export interface PartitionHandler<T> {
  decode(message: KafkaMessage): Decoding<T> | Promise<Decoding<T>>;
  /** Applies the part's effect (with its position, where the handler stores that). */
  handle(part: Part<T>): Promise<void>;
  /**
   * Handles a part of one message as refused by the store, with `failure`. A handler that has
   * this gets poison isolation: a part that fails because of a message is split to find it.
   */
  refuse?(part: Part<T>, failure: ClassifiedFailure): Promise<void>;
  /** A message went to the dead-letter topic (for the handler's log and metrics). */
  deadLettered?(letter: DeadLetter): void;
  /** Drop what is held for the partition: it was revoked, or a try failed and will reload. */
  forget?(partition: number): void;
}

export const partOf = <T>(
  partition: number,
  from: string | null | undefined,
  entries: readonly Entry<T>[],
): Part<T> => ({
  partition,
  from,
  messages: entries.map((e) => e.message),
  items: entries.flatMap((e) =>
    e.decoded.ok ? [{ message: e.message, value: e.decoded.value }] : [],
  ),
});
