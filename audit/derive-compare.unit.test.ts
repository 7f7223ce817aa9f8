/**
 * The derivation and the comparison on small records whose right answers are worked out by hand
 * from eBay's rules (not from processors/domain nor from the model): start 10.00, eBay's
 * increment at 10.00–24.99 is 0.50.
 */
import { describe, expect, it } from 'vitest';
import { compare } from './compare.js';
import { derive } from './derive.js';
import type { AuditCommand, AuditRecord, StoredDecision, StoredRecord } from './record.js';

const T0 = Date.UTC(2026, 11, 7, 12);
const terms = {
  sellerId: 'seller',
  itemId: 'item',
  startingPriceCents: 1_000,
  startsAt: T0,
  endsAt: T0 + 60_000,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
};
const create: AuditCommand = { kind: 'create', offset: '0', at: T0, commandId: 'c1', terms };
const bid = (
  offset: string,
  bidId: string,
  bidderId: string,
  maxCents: number,
  at: number,
): AuditCommand => ({
  kind: 'bid',
  offset,
  at,
  bidId,
  bidderId,
  maxCents,
});
const close = (offset: string, commandId: string, at: number): AuditCommand => ({
  kind: 'close',
  offset,
  at,
  commandId,
});

const commands: AuditCommand[] = [
  create,
  bid('1', 'b1', 'ann', 2_000, T0 + 1_000),
  bid('2', 'b2', 'bob', 1_500, T0 + 2_000),
  // The same bid id again (a client's retry): decided once.
  bid('3', 'b2', 'bob', 1_500, T0 + 2_500),
  close('4', 'k1', T0 + 60_300),
];

const decision = (
  accepted: boolean,
  visiblePriceCents?: number,
  leading?: boolean,
): StoredDecision => ({
  accepted,
  reason: null,
  ...(visiblePriceCents === undefined ? {} : { visiblePriceCents, leading }),
});

function stored(
  over: Partial<StoredRecord['auction']> = {},
  bids: Record<string, StoredDecision> = {},
): StoredRecord {
  return {
    auction: {
      auctionId: 'a1',
      partition: 3,
      commandsTopic: 'auction.commands',
      status: 'closed',
      outcome: 'sold',
      winnerId: 'ann',
      finalPriceCents: 1_550,
      visiblePriceCents: 1_550,
      leaderId: 'ann',
      bidCount: 2,
      endsAt: T0 + 60_000,
      ...over,
    },
    bids: new Map(
      Object.entries({
        b1: decision(true, 1_000, true),
        b2: decision(true, 1_550, false),
        ...bids,
      }),
    ),
    commands: new Map([
      ['c1', decision(true)],
      ['k1', decision(true)],
    ]),
    closesRecorded: true,
  };
}

const record = (s: StoredRecord, cs = commands): AuditRecord => ({
  source: 'decision log',
  notes: [],
  commands: cs,
  stored: s,
});

describe('derive', () => {
  it('runs the commands through the model: the price after each, the leader, a repeat decided once, the close', () => {
    const { steps, final } = derive('a1', commands);
    expect(steps.map((s) => [s.step, s.verdict, s.after?.priceCents, s.after?.leaderId])).toEqual([
      [1, { verdict: 'accepted' }, 1_000, null],
      [2, { verdict: 'accepted' }, 1_000, 'ann'],
      // bob's 15.00 beats 10.00 + 0.50; ann's proxy answers with 15.00 + 0.50.
      [3, { verdict: 'accepted' }, 1_550, 'ann'],
      [4, { verdict: 'repeat', ofStep: 3 }, 1_550, 'ann'],
      [5, { verdict: 'accepted' }, 1_550, 'ann'],
    ]);
    expect(final).toMatchObject({
      status: 'closed',
      outcome: 'sold',
      winnerId: 'ann',
      finalPriceCents: 1_550,
    });
  });

  it('shows an anti-sniping extension on the bid that caused it, and a close before the new end doing nothing', () => {
    const sniping = {
      ...create,
      terms: { ...terms, antiSnipingWindowMs: 10_000, antiSnipingExtensionMs: 30_000 },
    };
    const { steps, final } = derive('a1', [
      sniping,
      bid('1', 'b1', 'ann', 2_000, T0 + 55_000),
      close('2', 'k1', T0 + 60_300),
      close('3', 'k2', T0 + 85_300),
    ]);
    expect(steps.map((s) => [s.verdict.verdict, s.extendedByMs, s.after?.endsAt])).toEqual([
      ['accepted', 0, T0 + 60_000],
      ['accepted', 25_000, T0 + 85_000],
      ['ignored', 0, T0 + 85_000],
      ['accepted', 0, T0 + 85_000],
    ]);
    expect(final).toMatchObject({ outcome: 'sold', winnerId: 'ann', finalPriceCents: 1_000 });
  });

  it('decides a bid before the auction is listed as refused (auction_not_found), and sets an unreadable message aside', () => {
    const { steps } = derive('a1', [
      bid('0', 'b0', 'eve', 5_000, T0 - 1),
      { kind: 'unreadable', offset: '1', at: T0, reason: 'cannot decode Avro value' },
      create,
    ]);
    expect(steps.map((s) => s.verdict)).toEqual([
      { verdict: 'rejected', reason: 'auction_not_found' },
      { verdict: 'set aside', reason: 'cannot decode Avro value' },
      { verdict: 'accepted' },
    ]);
  });
});

describe('compare', () => {
  it('matches when every decision and the stored outcome agree with the derivation', () => {
    const c = compare(record(stored()), derive('a1', commands));
    expect(c.divergence).toBeUndefined();
    expect(c.checks.map((k) => k.stored === 'not compared')).toEqual([
      false,
      false,
      false,
      true,
      false,
    ]);
  });

  it('names the close as where they part when only the stored outcome is wrong', () => {
    const c = compare(
      record(stored({ winnerId: 'bob', finalPriceCents: 1_600 })),
      derive('a1', commands),
    );
    expect(c.divergence).toEqual({
      step: 5,
      what: 'every decision agrees, but the stored auction differs: winnerId bob stored, ann derived; finalPriceCents 1600 stored, 1550 derived',
    });
  });

  it('takes a cancelled auction to have ended when it was cancelled, as the API says', () => {
    const cancelled: AuditCommand[] = [
      create,
      { kind: 'cancel', offset: '1', at: T0 + 5_000, commandId: 'x1', by: 'seller' },
    ];
    const base = stored({
      status: 'cancelled',
      outcome: null,
      winnerId: null,
      finalPriceCents: null,
      visiblePriceCents: 1_000,
      leaderId: null,
      bidCount: 0,
      endsAt: T0 + 5_000,
    });
    const s = {
      ...base,
      bids: new Map(),
      commands: new Map([...base.commands, ['x1', decision(true)]]),
    };
    expect(compare(record(s, cancelled), derive('a1', cancelled)).divergence).toBeUndefined();
    const scheduledEnd = { ...s, auction: { ...s.auction, endsAt: T0 + 60_000 } };
    expect(compare(record(scheduledEnd, cancelled), derive('a1', cancelled)).divergence).toEqual({
      step: 2,
      what: `every decision agrees, but the stored auction differs: endsAt ${T0 + 60_000} stored, ${T0 + 5_000} derived`,
    });
  });

  it('names the first decision that differs, before the outcome', () => {
    const c = compare(
      record(stored({ finalPriceCents: 1_600 }, { b2: decision(true, 1_600, false) })),
      derive('a1', commands),
    );
    expect(c.divergence).toEqual({ step: 3, what: 'visiblePriceCents 1600 stored, 1550 derived' });
  });

  it('names a command the record holds but the decision log has no decision for', () => {
    const s = stored();
    const withoutB2 = { ...s, bids: new Map([...s.bids].filter(([id]) => id !== 'b2')) };
    expect(compare(record(withoutB2), derive('a1', commands)).divergence).toEqual({
      step: 3,
      what: 'no stored decision',
    });
  });

  it('compares a close that did nothing with its stored decision (not accepted)', () => {
    const early = [
      ...commands.slice(0, 4),
      close('4', 'k0', T0 + 30_000),
      close('5', 'k1', T0 + 60_300),
    ];
    const s = stored();
    const withEarly = { ...s, commands: new Map([...s.commands, ['k0', decision(true)]]) };
    expect(compare(record(withEarly, early), derive('a1', early)).divergence).toEqual({
      step: 5,
      what: 'accepted true stored, false derived',
    });
  });
});
