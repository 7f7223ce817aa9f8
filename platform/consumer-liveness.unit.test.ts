import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ConsumerLiveness, type ConsumerDeath } from './consumer-liveness.js';

const EVENTS = {
  GROUP_JOIN: 'consumer.group_join',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
  CRASH: 'consumer.crash',
};

/** The two members of a kafkajs consumer the watcher uses: its events and their names. */
function consumerEvents() {
  const emitter = new EventEmitter();
  const consumer = {
    events: EVENTS,
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
  } as unknown as Pick<Consumer, 'on' | 'events'>;
  return { consumer, emit: (event: string, payload: unknown) => emitter.emit(event, { payload }) };
}

describe('ConsumerLiveness on kafkajs crashes', () => {
  const watch = () => {
    const { consumer, emit } = consumerEvents();
    const deaths: ConsumerDeath[] = [];
    new ConsumerLiveness({
      consumer,
      topic: 't',
      readLag: () => Promise.resolve([]),
      onDead: (death) => deaths.push(death),
    });
    return { emit, deaths };
  };

  it('reports a consumer kafkajs stopped for good', () => {
    const { emit, deaths } = watch();
    const error = new Error('Failed to find group coordinator');
    emit(EVENTS.CRASH, { error, groupId: 'g', restart: false });
    expect(deaths).toEqual([{ reason: 'crashed', error }]);
  });

  it('leaves a consumer kafkajs restarts by itself alone', () => {
    const { emit, deaths } = watch();
    emit(EVENTS.CRASH, { error: new Error('Connection error'), groupId: 'g', restart: true });
    expect(deaths).toEqual([]);
  });

  it('reports a death once', () => {
    const { emit, deaths } = watch();
    emit(EVENTS.CRASH, { error: new Error('a'), groupId: 'g', restart: false });
    emit(EVENTS.CRASH, { error: new Error('b'), groupId: 'g', restart: false });
    expect(deaths).toHaveLength(1);
  });
});
