/**
 * The leaderboard sink's per-auction standings against the independent reference model
 * (reference-model/auction.ts, `standings()`, written from the definition in the README:
 * the leader at the current price, every other bidder at their highest maximum, which being
 * outbid made public). The implementation side is the whole path: decide → the published event
 * (checked against schemas/events) → the sink's pure scoring, kept as Redis keeps it (ZADD GT,
 * the leader key) → the read's ranking.
 */
import fc from 'fast-check';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR, T0 } from '../processors/domain/given.js';
import { auctionTerms, ENDS_AT, scripts } from '../processors/domain/properties.arbitraries.js';
import type { ScriptStep } from '../processors/domain/properties.arbitraries.js';
import { lockstep } from '../processors/domain/properties.lockstep.js';
import type { AuctionEvent } from '../processors/domain/index.js';
import {
  payloadBuilder,
  publishedEvent,
  type PayloadBuilder,
} from '../processors/event-payloads.js';
import { loadSchemas } from '../schemas/registry.js';
import { rankStandings, standingChange } from '../sinks/leaderboard/standings.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import type { ModelTerms } from '../reference-model/auction.js';

let checkPayload: PayloadBuilder;
beforeAll(async () => {
  checkPayload = payloadBuilder(await loadSchemas(path.join(PROJECT_ROOT, 'schemas')));
});

/** The board as Redis holds it: the greater score kept per bidder, and the last leader. */
class Board {
  private readonly scores = new Map<string, number>();
  private leaderId: string | null = null;
  private sequence = 0;

  apply(domainEvent: AuctionEvent) {
    this.sequence += 1;
    const envelope = {
      eventId: `e-${this.sequence}`,
      sequence: this.sequence,
      occurredAt: T0,
      commandId: `c-${this.sequence}`,
      correlationId: '',
      issuedBy: 'tester',
      commandType: 'PlaceBid',
    };
    checkPayload(domainEvent, envelope); // throws if the published form breaks its schema
    const change = standingChange(publishedEvent(domainEvent, envelope));
    if (!change) return;
    const before = this.scores.get(change.bidderId);
    if (before === undefined || change.shownCents > before)
      this.scores.set(change.bidderId, change.shownCents);
    if (change.leads) this.leaderId = change.bidderId;
  }

  standings() {
    return rankStandings(
      [...this.scores].map(([bidderId, shownCents]) => ({ bidderId, shownCents })),
      this.leaderId,
    );
  }
}

/** Both sides after every command of the script: [sink's standings, model's standings]. */
function bothSides(terms: ModelTerms, script: readonly ScriptStep[]) {
  const board = new Board();
  return lockstep(terms, script).map((step) => {
    for (const e of step.events) board.apply(e);
    return { command: step.command, sink: board.standings(), model: step.standings };
  });
}

const terms = (startingPriceCents: number): ModelTerms => ({
  sellerId: 'seller',
  startingPriceCents,
  startsAt: T0,
  endsAt: ENDS_AT,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
});
const bidStep = (who: 'alice' | 'bob' | 'carol' | 'dave', cents: number): ScriptStep => ({
  kind: 'bid',
  who,
  amount: { kind: 'absolute', cents },
  gap: HOUR, // the script starts an hour before the auction
});
const finalStandings = (t: ModelTerms, script: readonly ScriptStep[]) => {
  const steps = bothSides(t, script);
  // The last step is the close lockstep adds; the standings just before it are the open board.
  return steps.at(-2)!;
};

describe('per-auction standings (issue 15): the sink agrees with the reference model', () => {
  const row = (bidderId: string, shownCents: number, leading: boolean) => ({
    bidderId,
    shownCents,
    leading,
  });
  // Dana is 'dave', Erin is 'bob'; each expected board is worked out by hand from the definition.
  it.each([
    {
      name: 'reported: Erin’s 15.00 beaten at once by Dana’s 20.00 proxy → Dana first at 15.50, Erin at 15.00',
      start: 1_000,
      bids: [bidStep('dave', 2_000), bidStep('bob', 1_500)],
      expected: [row('dave', 1_550, true), row('bob', 1_500, false)],
    },
    {
      name: 'reported: a 175 maximum pushed to 175 by a 200 maximum shows 175; the leader 175 + one increment',
      start: 9_900,
      bids: [bidStep('alice', 15_000), bidStep('bob', 20_000), bidStep('alice', 17_500)],
      expected: [row('bob', 17_750, true), row('alice', 17_500, false)],
    },
    {
      name: 'reported: a 20.00 maximum that forced the price to 20.50 shows 20.00 (not the 10.00 it led at)',
      start: 1_000,
      bids: [bidStep('carol', 2_000), bidStep('dave', 3_000)],
      expected: [row('dave', 2_050, true), row('carol', 2_000, false)],
    },
    {
      name: 'equal maximums: the earlier bidder leads at that amount and ranks first',
      start: 1_000,
      bids: [bidStep('bob', 5_000), bidStep('alice', 5_000)],
      expected: [row('bob', 5_000, true), row('alice', 5_000, false)],
    },
  ])('$name', ({ start, bids, expected }) => {
    const { sink, model } = finalStandings(terms(start), bids);
    expect(model).toEqual(expected);
    expect(sink).toEqual(expected);
  });

  it('a buy-now buyer is the only one on the board, at the buy-now price', () => {
    const { sink, model } = bothSides({ ...terms(1_000), buyNowPriceCents: 9_000 }, [
      { kind: 'buy', who: 'carol', gap: HOUR },
    ]).at(-1)!;
    expect(model).toEqual([{ bidderId: 'carol', shownCents: 9_000, leading: true }]);
    expect(sink).toEqual(model);
  });

  it('on random auctions (reserve, soft close, own tables, buy-now, cancel, close), after every command', () =>
    fc.assert(
      fc.property(auctionTerms, scripts, (t, script) => {
        const disagreeing = bothSides(t, script).filter(
          (s) => JSON.stringify(s.sink) !== JSON.stringify(s.model),
        );
        expect(disagreeing.slice(0, 1)).toEqual([]);
      }),
      { numRuns: 300 },
    ));
});
