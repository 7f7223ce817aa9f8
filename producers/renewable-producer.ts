/**
 * An idempotent producer that a broker's loss cannot break for good. When a partition's leader
 * dies with a request in flight, kafkajs sends that batch again to the new leader with the same
 * sequence number; if the batch had been replicated, the new leader answers
 * OUT_OF_ORDER_SEQUENCE_NUMBER, which kafkajs does not recover from: every later send to that
 * partition fails the same way (seen in the three-broker fault test: the gateway answered 503
 * for over a minute). A producer whose sequences are lost is replaced by a new one, whose new
 * producer id starts every sequence afresh. A batch that thereby lands twice is harmless:
 * commands carry their own ids, and the processor decides each id once.
 */
import type { Producer, ProducerRecord, RecordMetadata } from 'kafkajs';
import type { Logger } from '../platform/logger.js';

/** The protocol errors after which a producer's sequence numbers can no longer be trusted. */
const LOST_SEQUENCE = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** Whether `error`, or any error it wraps, says the producer's sequences are lost. */
export function lostSequence(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { type, cause, errors } = error as { type?: unknown; cause?: unknown; errors?: unknown };
  if (typeof type === 'string' && LOST_SEQUENCE.has(type)) return true;
  if (Array.isArray(errors) && errors.some((e) => lostSequence(e, depth + 1))) return true;
  return lostSequence(cause, depth + 1);
}

export class RenewableProducer {
  private current: Producer;
  private renewing: Promise<void> | undefined;
  /** How many times the producer was replaced (shown in logs and tests). */
  renewals = 0;

  constructor(
    private readonly create: () => Producer,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {
    this.current = create();
  }

  connect() {
    return this.current.connect();
  }

  disconnect() {
    return this.current.disconnect();
  }

  /** Sends with the current producer; a lost sequence replaces it (the send still fails). */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    await this.renewing;
    const producer = this.current;
    try {
      return await producer.send(record);
    } catch (error) {
      if (lostSequence(error) && producer === this.current) this.renewing ??= this.renew(producer);
      throw error;
    }
  }

  private async renew(broken: Producer) {
    this.renewals += 1;
    this.logger.warn(
      { renewals: this.renewals },
      "Kafka refused the producer's sequence numbers after a leader change (kafkajs cannot recover them): replacing the producer; commands keep their ids, so one sent twice is decided once",
    );
    const fresh = this.create();
    try {
      await fresh.connect();
      this.current = fresh;
      await broken.disconnect().catch(() => undefined);
    } catch (error) {
      this.logger.error(
        { err: error },
        'could not connect a new producer; the next send tries the old one again',
      );
    } finally {
      this.renewing = undefined;
    }
  }
}
