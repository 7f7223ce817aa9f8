/**
 * Publishes commands to the commands topic: Avro in the Confluent wire format, keyed by auction
 * id (so one auction's commands share a partition and keep their order), through an idempotent
 * producer with acks=all. kafkajs sends one request per `send`, so publish() queues and one
 * flush at a time sends everything queued as one batch: under load, batches grow by themselves.
 * A short window (`lingerMs`, as Kafka's linger.ms) lets one request carry more at a low rate.
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
import { AckDeadlines, type Waiting } from './ack-deadlines.js';

interface Pending {
  readonly message: Message;
  readonly waiting: Waiting;
  /** performance.now() when it was queued. */
  readonly queuedAt: number;
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
  /**
   * How long a command may wait for others to share its request (0: only those of the same
   * moment, and those queued while the last request was in flight). Fewer, larger requests.
   */
  readonly lingerMs?: number;
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
  private readonly lingerMs: number;
  private readonly codec: CommandCodec;
  private readonly deadlines: AckDeadlines;

  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    registry: CommandRegistry,
    schemaIds: ReadonlyMap<CommandType, number>,
    private readonly options: CommandPublisherOptions,
  ) {
    this.codec = commandCodec(registry, schemaIds);
    this.maxBatch = options.maxBatch ?? 2000;
    this.lingerMs = options.lingerMs ?? 0;
    const ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.deadlines = new AckDeadlines(
      ackTimeoutMs,
      () =>
        new PublishError(
          `Kafka did not acknowledge the command within ${ackTimeoutMs} ms; is the broker up?`,
        ),
    );
  }

  /** Resolves once the broker has the command (acks=all); rejects with a retriable PublishError. */
  async publish(command: Command): Promise<void> {
    const message: Message = await this.codec.encode(command);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        message,
        waiting: this.deadlines.add(resolve, reject),
        queuedAt: performance.now(),
      });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop() {
    // Let the current moment's publishes join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      // A batch leaves once its oldest command has waited out the window, or once it is full.
      const wait = this.queue[0]!.queuedAt + this.lingerMs - performance.now();
      if (wait > 0 && this.queue.length < this.maxBatch)
        await new Promise((resolve) => setTimeout(resolve, wait));
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.producer.send({
          topic: this.options.topic,
          acks: -1,
          messages: batch.map((p) => p.message),
        });
        for (const p of batch) AckDeadlines.resolve(p.waiting);
      } catch (error) {
        const failure = new PublishError(
          `Kafka did not accept the command: ${(error as Error).message}`,
          { cause: error },
        );
        for (const p of batch) AckDeadlines.reject(p.waiting, failure);
      }
    }
    this.flushing = undefined;
  }

  /** Waits until everything queued so far has been sent. */
  async drain() {
    while (this.flushing) await this.flushing;
  }
}
