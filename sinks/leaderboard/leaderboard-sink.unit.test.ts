/**
 * The leaderboard sink through a fake Redis pipeline that records each script call: which keys
 * and arguments an event becomes (every event with its dedup key, in one script call), and how
 * the script's answers count as new events.
 */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../contracts/events.js';
import {
  auctionCancelled,
  auctionClosed,
  auctionCreated,
  auctionExtended,
  bidAccepted,
  bidRejected,
  commandRejected,
  outbid,
  reserveMet,
} from '../testing/events.js';
import { leaderboardKeys } from './leaderboard-keys.js';
import { applyLeaderboards } from './leaderboard-sink.js';

interface ScriptCall {
  readonly keys: readonly string[];
  readonly args: readonly (string | number)[];
}

/** `answers[i]` is what the i-th script call returns: 1 new, 0 seen before, or an Error. */
function fakeRedis(answers: (number | Error)[] = []) {
  const calls: ScriptCall[] = [];
  const redis = {
    pipeline() {
      const pipeline = {
        eval(_script: string, keyCount: number, ...rest: (string | number)[]) {
          calls.push({
            keys: rest.slice(0, keyCount) as string[],
            args: rest.slice(keyCount),
          });
          return pipeline;
        },
        exec: () =>
          Promise.resolve(
            calls.map((_c, i) => {
              const answer = answers[i] ?? 1;
              return answer instanceof Error ? [answer, null] : [null, answer];
            }),
          ),
      };
      return pipeline;
    },
  } as unknown as Redis;
  return { redis, calls };
}

const OPTIONS = { keys: leaderboardKeys('lb'), dedupSeconds: 604_800, hotWindowMinutes: 60 };
/** The epoch minute of T. */
const MINUTE = 31_558_320;

describe('applyLeaderboards', () => {
  it('does nothing for no events', async () => {
    const { redis, calls } = fakeRedis();
    expect(await applyLeaderboards(redis, [], OPTIONS)).toBe(0);
    expect(calls).toEqual([]);
  });

  it('an accepted bid shows its leader at the price and counts in the hot minute', async () => {
    const { redis, calls } = fakeRedis();
    expect(await applyLeaderboards(redis, [bidAccepted('e1')], OPTIONS)).toBe(1);
    expect(calls).toEqual([
      {
        keys: ['lb:seen:e1', 'lb:auction:auction-1', 'lb:leader:auction-1', `lb:hot:${MINUTE}`],
        // Standing: alice shows 15.00 and leads. The hot bucket expires once it has left the
        // longest window: (minute + 60 + 1) × 60 s.
        args: [604_800, 'bid', 'alice', 1500, '1', 'auction-1', (MINUTE + 61) * 60],
      },
    ]);
  });

  it('a sold auction credits its winner by money and by count', async () => {
    const { redis, calls } = fakeRedis();
    await applyLeaderboards(redis, [auctionClosed('e2', 'bob', 2500)], OPTIONS);
    expect(calls).toEqual([
      {
        keys: [
          'lb:seen:e2',
          'lb:auction:auction-1',
          'lb:leader:auction-1',
          'lb:winners:spent',
          'lb:winners:won',
        ],
        // The winner shows the final price and leads (a buy-now buyer may have placed no bid).
        args: [604_800, 'won', 'bob', 2500, '1', 2500, 'bob'],
      },
    ]);
  });

  it("an outbid shows the outbid bidder's revealed maximum, not leading", async () => {
    const { redis, calls } = fakeRedis();
    await applyLeaderboards(redis, [outbid('e11')], OPTIONS);
    expect(calls).toEqual([
      {
        keys: ['lb:seen:e11', 'lb:auction:auction-1', 'lb:leader:auction-1'],
        args: [604_800, 'none', 'bob', 1450, '0'],
      },
    ]);
  });

  it('every other event only remembers its id', async () => {
    const { redis, calls } = fakeRedis();
    const others: Event[] = [
      auctionClosed('e3', null, null),
      auctionCreated('e4'),
      auctionExtended('e5'),
      auctionCancelled('e6'),
      bidRejected('e7'),
      commandRejected('e8'),
      reserveMet('e10'),
    ];
    await applyLeaderboards(redis, others, OPTIONS);
    expect(calls).toEqual(
      ['e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e10'].map((id) => ({
        keys: [`lb:seen:${id}`, 'lb:auction:auction-1', 'lb:leader:auction-1'],
        args: [604_800, 'none', '', 0, '0'],
      })),
    );
  });

  it('counts only the events the script found new', async () => {
    const { redis } = fakeRedis([1, 0, 1]);
    const events = ['a', 'b', 'c'].map(outbid);
    expect(await applyLeaderboards(redis, events, OPTIONS)).toBe(2);
  });

  it('fails the batch when a script call fails', async () => {
    const { redis } = fakeRedis([1, new Error('OOM command not allowed')]);
    const events = ['a', 'b'].map(outbid);
    await expect(applyLeaderboards(redis, events, OPTIONS)).rejects.toThrow('OOM');
  });
});
