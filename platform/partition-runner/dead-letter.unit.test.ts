import type { ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { DeadLetterWriter } from './dead-letter.js';

const message = (offset: string) => ({
  key: Buffer.from('auction-1'),
  value: Buffer.from('garbage'),
  offset,
  timestamp: '0',
  attributes: 0,
  headers: { commandType: Buffer.from('PlaceBid') },
});

describe('DeadLetterWriter', () => {
  it('sends the message as it came, with the reason, its source and its offset in headers', async () => {
    const sent: ProducerRecord[] = [];
    const writer = new DeadLetterWriter({
      producer: {
        send: (record) => {
          sent.push(record);
          return Promise.resolve([]);
        },
      },
      topic: 'commands.dlq',
      source: (partition) => ({ 'dlq.topic': 'commands', 'dlq.partition': String(partition) }),
    });
    await writer.send([]);
    expect(sent).toEqual([]);
    await writer.send([{ partition: 3, message: message('17'), reason: 'cannot decode' }]);
    expect(sent).toEqual([
      {
        topic: 'commands.dlq',
        acks: -1,
        messages: [
          {
            key: Buffer.from('auction-1'),
            value: Buffer.from('garbage'),
            headers: {
              commandType: Buffer.from('PlaceBid'),
              'dlq.reason': 'cannot decode',
              'dlq.topic': 'commands',
              'dlq.partition': '3',
              'dlq.offset': '17',
            },
          },
        ],
      },
    ]);
  });
});
