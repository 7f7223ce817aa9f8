/**
 * The leaderboard sink through a fake Redis that records the script it is given and each call
 * of it: which keys and arguments a batch becomes (the layout apply-batch.lua documents, every
 * event with its dedup key), how many events one call carries, and how the script's answers
 * count as new events. The script itself runs on the real Redis in tests/sinks.int.test.ts.
 */
import { readFileSync } from 'node:fs';
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
  T,
} from '../testing/events.js';
import { APPLY_SCRIPT, ARGS_PER_EVENT, KEYS_PER_EVENT } from './apply-script.js';
import { leaderboardKeys } from './leaderboard-keys.js';
import { EVENTS_PER_CALL, leaderboardSink } from './leaderboard-sink.js';

type Arg = string | number;

interface ScriptCall {
  readonly keys: readonly string[];
  readonly args: readonly Arg[];
}

/**
 * `answers[i]` is what the i-th call returns: how many events were new, or an Error; past the
 * answers given, how many events it was given.
 */
function fakeRedis(answers: (number | Error)[] = []) {
  const defined: { name: string; lua: string }[] = [];
  const calls: ScriptCall[] = [];
  const redis = {
    defineCommand(name: string, { lua }: { lua: string }) {
      defined.push({ name, lua });
      (redis as Record<string, unknown>)[name] = (keyCount: number, ...rest: Arg[]) => {
        const args = rest.slice(keyCount);
        calls.push({ keys: rest.slice(0, keyCount) as string[], args });
        const answer = answers[calls.length - 1] ?? Number(args[1]);
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      };
    },
  };
  return { redis: redis as unknown as Redis, defined, calls };
}

/** One script call read back by the documented layout. */
function layout({ keys, args }: ScriptCall) {
  const n = Number(args[1]);
  const bucketKeys = keys.slice(2 + KEYS_PER_EVENT * n);
  return {
    winners: keys.slice(0, 2),
    dedupSeconds: args[0],
    events: Array.from({ length: n }, (_, i) => ({
      keys: keys.slice(2 + KEYS_PER_EVENT * i, 2 + KEYS_PER_EVENT * (i + 1)),
      args: args.slice(2 + ARGS_PER_EVENT * i, 2 + ARGS_PER_EVENT * (i + 1)),
    })),
    buckets: bucketKeys.map((key, i) => ({ key, expireAt: args[2 + ARGS_PER_EVENT * n + i] })),
  };
}

const OPTIONS = { keys: leaderboardKeys('lb'), dedupSeconds: 604_800, hotWindowMinutes: 60 };
/** The epoch minute of T. */
const MINUTE = 31_558_320;
const AUCTION_KEYS = ['lb:auction:auction-1', 'lb:leader:auction-1'];

const apply = (redis: Redis, events: readonly Event[]) =>
  leaderboardSink(redis, OPTIONS).apply(events);

async function oneCall(events: Event[]) {
  const { redis, calls } = fakeRedis();
  await apply(redis, events);
  expect(calls).toHaveLength(1);
  return layout(calls[0]!);
}

describe('the leaderboard sink', () => {
  it('does nothing for no events', async () => {
    const { redis, calls } = fakeRedis();
    expect(await apply(redis, [])).toBe(0);
    expect(calls).toEqual([]);
  });

  it('defines apply-batch.lua once, as a command of its own', () => {
    const { redis, defined } = fakeRedis();
    leaderboardSink(redis, OPTIONS);
    const lua = readFileSync(new URL('./apply-batch.lua', import.meta.url), 'utf8');
    expect(defined).toEqual([{ name: APPLY_SCRIPT.name, lua }]);
  });

  it('builds the per-event records as wide as the script reads them', () => {
    const lua = readFileSync(APPLY_SCRIPT.file, 'utf8');
    expect(lua).toContain(`local KEYS_PER_EVENT = ${KEYS_PER_EVENT}\n`);
    expect(lua).toContain(`local ARGS_PER_EVENT = ${ARGS_PER_EVENT}\n`);
  });

  it('calls the script with the winners keys and the dedup expiry once', async () => {
    const { redis, calls } = fakeRedis();
    await apply(redis, [outbid('e1'), outbid('e2')]);
    expect(calls).toHaveLength(1);
    const call = layout(calls[0]!);
    expect(call.winners).toEqual(['lb:winners:spent', 'lb:winners:won']);
    expect(call.dedupSeconds).toBe(604_800);
    expect(call.events.map((e) => e.keys[0])).toEqual(['lb:seen:e1', 'lb:seen:e2']);
  });

  it('an accepted bid shows its leader at the price and counts in the hot minute', async () => {
    const call = await oneCall([bidAccepted('e1')]);
    expect(call.events).toEqual([
      {
        keys: ['lb:seen:e1', ...AUCTION_KEYS],
        // Standing: alice shows 15.00 and leads; the bid counts in the first bucket.
        args: ['auction-1', 'alice', 1500, '1', 1, '', 0],
      },
    ]);
    // The hot bucket expires once it has left the longest window: (minute + 60 + 1) × 60 s.
    expect(call.buckets).toEqual([{ key: `lb:hot:${MINUTE}`, expireAt: (MINUTE + 61) * 60 }]);
  });

  it('bids in the same minute share one bucket, passed once', async () => {
    const nextMinute = bidAccepted('e3', 'carol');
    const call = await oneCall([
      bidAccepted('e1'),
      { ...nextMinute, data: { ...nextMinute.data, placedAt: T + 60_000 } },
      bidAccepted('e2', 'bob'),
    ]);
    expect(call.events.map((e) => e.args[4])).toEqual([1, 2, 1]);
    expect(call.buckets).toEqual([
      { key: `lb:hot:${MINUTE}`, expireAt: (MINUTE + 61) * 60 },
      { key: `lb:hot:${MINUTE + 1}`, expireAt: (MINUTE + 62) * 60 },
    ]);
  });

  it('a sold auction credits its winner by money and by count', async () => {
    const call = await oneCall([auctionClosed('e2', 'bob', 2500)]);
    expect(call.events).toEqual([
      {
        keys: ['lb:seen:e2', ...AUCTION_KEYS],
        // The winner shows the final price and leads (a buy-now buyer may have placed no bid).
        args: ['auction-1', 'bob', 2500, '1', 0, 'bob', 2500],
      },
    ]);
    expect(call.buckets).toEqual([]);
  });

  it("an outbid shows the outbid bidder's revealed maximum, not leading", async () => {
    const call = await oneCall([outbid('e11')]);
    expect(call.events).toEqual([
      { keys: ['lb:seen:e11', ...AUCTION_KEYS], args: ['auction-1', 'bob', 1450, '0', 0, '', 0] },
    ]);
  });

  it('every other event only remembers its id', async () => {
    const others: Event[] = [
      auctionClosed('e3', null, null),
      auctionCreated('e4'),
      auctionExtended('e5'),
      auctionCancelled('e6'),
      bidRejected('e7'),
      commandRejected('e8'),
      reserveMet('e10'),
    ];
    const call = await oneCall(others);
    expect(call.events).toEqual(
      ['e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e10'].map((id) => ({
        keys: [`lb:seen:${id}`, ...AUCTION_KEYS],
        args: ['auction-1', '', 0, '0', 0, '', 0],
      })),
    );
    expect(call.buckets).toEqual([]);
  });

  it('applies a batch larger than one call in calls of at most EVENTS_PER_CALL, in order', async () => {
    const { redis, calls } = fakeRedis();
    const events = Array.from({ length: 2 * EVENTS_PER_CALL + 3 }, (_, i) => outbid(`e${i}`));
    expect(await apply(redis, events)).toBe(events.length);
    const seen = calls.map((c) => layout(c).events.map((e) => e.keys[0]));
    expect(seen.map((s) => s.length)).toEqual([EVENTS_PER_CALL, EVENTS_PER_CALL, 3]);
    expect(seen.flat()).toEqual(events.map((e) => `lb:seen:${e.metadata.eventId}`));
  });

  it('counts only the events the script found new', async () => {
    const { redis } = fakeRedis([2]);
    const events = ['a', 'b', 'c'].map(outbid);
    expect(await apply(redis, events)).toBe(2);
  });

  it('fails the batch when a script call fails', async () => {
    const { redis } = fakeRedis([EVENTS_PER_CALL, new Error('OOM command not allowed')]);
    const events = Array.from({ length: EVENTS_PER_CALL + 1 }, (_, i) => outbid(`e${i}`));
    await expect(apply(redis, events)).rejects.toThrow('OOM');
  });
});
