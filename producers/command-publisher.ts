/**
 * Publishes commands to the commands topic: Avro in the Confluent wire format, keyed by auction
 * id (so one auction's commands share a partition and keep their order), through an idempotent
 * producer with acks=all. kafkajs sends one request per `send`, so publish() queues and one
 * flush at a time sends everything queued as one batch: under load, batches grow by themselves.
 */
import type { Message, Producer } from 'kafkajs';
import {
  commandCodec,
  type Command,
  type CommandCodec,
  type CommandRegistry,
  type CommandType,
} from '../contracts/commands.js';
import { AppError } from '../platform/errors.js';

interface Pending {
  readonly message: Message;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class PublishError extends AppError {
  override readonly name = 'PublishError';
  readonly code = 'publish_failed';
  readonly retriable = true;
}

export interface CommandPublisherOptions {
  readonly topic: string;
  /** Largest batch sent in one request. */
  readonly maxBatch?: number;
  /**
   * How long a caller waits for the broker's acknowledgement before it is told Kafka is
   * unavailable. The command may still reach Kafka later; ids make a retry harmless.
   */
  readonly ackTimeoutMs?: number;
}

/** The port the gateway and the close timer publish through (in-memory in component tests). */
export interface CommandPublisher {
  /** Resolves once the broker has the command; rejects with a retriable error otherwise. */
  publish(command: Command): Promise<void>;
}

export class KafkaCommandPublisher implements CommandPublisher {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private readonly maxBatch: number;
  private readonly ackTimeoutMs: number;
  private readonly codec: CommandCodec;

  constructor(
    private readonly producer: Producer,
    registry: CommandRegistry,
    schemaIds: ReadonlyMap<CommandType, number>,
    private readonly options: CommandPublisherOptions,
  ) {
    this.codec = commandCodec(registry, schemaIds);
    this.maxBatch = options.maxBatch ?? 2000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  }

  /** Resolves once the broker has the command (acks=all); rejects with a retriable PublishError. */
  async publish(command: Command): Promise<void> {
    const message: Message = await this.codec.encode(command);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new PublishError(
              `Kafka did not acknowledge the command within ${this.ackTimeoutMs} ms; is the broker up?`,
            ),
          ),
        this.ackTimeoutMs,
      );
      const settle = () => clearTimeout(timer);
      this.queue.push({
        message,
        resolve: () => (settle(), resolve()),
        reject: (error) => (settle(), reject(error)),
      });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop() {
    // Let the current tick's publishes join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.producer.send({
          topic: this.options.topic,
          acks: -1,
          messages: batch.map((p) => p.message),
        });
        for (const p of batch) p.resolve();
      } catch (error) {
        const failure = new PublishError(
          `Kafka did not accept the command: ${(error as Error).message}`,
          { cause: error },
        );
        for (const p of batch) p.reject(failure);
      }
    }
    this.flushing = undefined;
  }

  /** Waits until everything queued so far has been sent. */
  async drain() {
    while (this.flushing) await this.flushing;
  }
}
