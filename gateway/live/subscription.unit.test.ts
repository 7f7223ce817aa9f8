import { describe, expect, it } from 'vitest';
import { anEvent } from '../testing/events.js';
import { Subscription } from './subscription.js';

const event = (sequence: number) => anEvent('BidAccepted', 'a', sequence);

function setUp(stored: number[], last = 0) {
  const sent: number[] = [];
  const history = (after: number) => Promise.resolve(stored.filter((s) => s > after).map(event));
  const subscription = new Subscription('a', last, history, (e) => sent.push(e.metadata.sequence));
  return { subscription, sent, stored };
}

describe('Subscription', () => {
  it('sends what was missed, then live events, without duplicates', async () => {
    const { subscription, sent } = setUp([1, 2, 3, 4], 2);
    await subscription.catchUp();
    await subscription.deliver(event(4)); // already sent from history
    await subscription.deliver(event(5));
    expect(sent).toEqual([3, 4, 5]);
  });

  it('holds live events that arrive during the catch-up and sends them after', async () => {
    const sent: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const subscription = new Subscription(
      'a',
      0,
      async () => (await gate, [event(1), event(2)]),
      (e) => sent.push(e.metadata.sequence),
    );
    const catching = subscription.catchUp();
    await subscription.deliver(event(2));
    await subscription.deliver(event(3));
    release();
    await catching;
    expect(sent).toEqual([1, 2, 3]);
  });

  it('fills a gap from history before going on', async () => {
    const { subscription, sent, stored } = setUp([1], 0);
    await subscription.catchUp();
    stored.push(2, 3);
    await subscription.deliver(event(3));
    expect(sent).toEqual([1, 2, 3]);
  });

  it('goes on after a history read failed, once history answers again', async () => {
    const sent: number[] = [];
    let historyUp = false;
    const subscription = new Subscription(
      'a',
      0,
      (after) =>
        historyUp
          ? Promise.resolve([1, 2, 3].filter((s) => s > after).map(event))
          : Promise.reject(new Error('Postgres is down')),
      (e) => sent.push(e.metadata.sequence),
    );
    await expect(subscription.catchUp()).rejects.toThrow('Postgres is down');
    historyUp = true;
    await subscription.deliver(event(3));
    expect(sent).toEqual([1, 2, 3]);
  });
});
