/**
 * One client's view of one auction: events go out in sequence order, each once. Live events
 * that arrive while history is being read wait; a gap (a live event ahead of the next expected
 * one) is filled from history first. No gap, no duplicate.
 */
import type { Event } from '../../contracts/events.js';

export class Subscription {
  private pending: Event[] = [];
  private catchingUp = true;

  constructor(
    readonly auctionId: string,
    /** The last sequence the client has (0: none). */
    private last: number,
    private readonly readHistory: (after: number) => Promise<Event[]>,
    private readonly send: (event: Event) => void,
  ) {}

  get lastSequence() {
    return this.last;
  }

  /** Sends what the client missed, then whatever arrived live meanwhile. */
  async catchUp(): Promise<void> {
    this.catchingUp = true;
    try {
      for (const event of await this.readHistory(this.last)) this.forward(event);
    } finally {
      // A failed read (Postgres down) must not hold live events for ever: the next event
      // that finds a gap reads again; what waits stays in `pending` until then.
      this.catchingUp = false;
    }
    const waiting = this.pending.sort((a, b) => a.metadata.sequence - b.metadata.sequence);
    this.pending = [];
    for (const event of waiting) await this.deliver(event);
  }

  async deliver(event: Event): Promise<void> {
    if (this.catchingUp) {
      this.pending.push(event);
      return;
    }
    const { sequence } = event.metadata;
    if (sequence <= this.last) return;
    if (sequence > this.last + 1) {
      this.pending.push(event);
      await this.catchUp();
      return;
    }
    this.forward(event);
  }

  private forward(event: Event) {
    if (event.metadata.sequence !== this.last + 1) return;
    this.last = event.metadata.sequence;
    this.send(event);
  }
}
