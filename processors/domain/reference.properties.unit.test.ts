/**
 * decide/evolve against the independent reference model (reference-model/) on random
 * command scripts: every verdict, reason and visible fact must agree, rule by rule; and, over
 * several auctions, the rule that one seller has one open auction of an item at a time. The scripts
 * aim at the rules' boundaries (one cent under the minimum next bid, the leader's maximum to the
 * cent, the same millisecond); the coverage check at the end shows each rule was really reached.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refusedTermsField } from '../../reference-model/terms.js';
import { ReferenceMarket } from '../../reference-model/market.js';
import type { ModelTerms } from '../../reference-model/auction.js';
import { decide } from './decide.js';
import { contextFor, create } from './given.js';
import { auctionTerms, createTerms, scripts } from './properties.arbitraries.js';
import { lockstepListings, listingScripts } from './properties.listings.js';
import { lockstep, type LockstepStep, type Observed } from './properties.lockstep.js';
import { NOT_CREATED } from './state.js';

const RUNS = { numRuns: 500 };

/** Steps where `pick` differs between the two sides (one expect per run: they are slow). */
function disagreeing<T>(steps: readonly LockstepStep[], pick: (o: Observed) => T) {
  return steps
    .filter((s) => JSON.stringify(pick(s.implementation)) !== JSON.stringify(pick(s.model)))
    .map((s) => ({
      command: s.command,
      implementation: pick(s.implementation),
      model: pick(s.model),
    }));
}

/** How often each rule was reached, to show the scripts do not pass by avoiding a rule. */
function tally() {
  const seen = new Map<string, number>();
  return {
    count: (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1),
    expectEach: (label: string, rules: readonly string[]) => {
      console.log(`${label} (steps):`, Object.fromEntries(seen));
      for (const rule of rules) expect(seen.get(rule) ?? 0, rule).toBeGreaterThan(10);
    },
  };
}

const agreeOn = <T>(pick: (o: Observed) => T) =>
  fc.assert(
    fc.property(auctionTerms, scripts, (terms, script) => {
      expect(disagreeing(lockstep(terms, script), pick)).toEqual([]);
    }),
    RUNS,
  );

describe('decide/evolve agree with the reference model', () => {
  it('price formula: min(leader’s maximum, runner-up’s maximum + one increment), a leader’s raise not moving it', () =>
    agreeOn((o) => [o.view.priceCents, o.bidEvent?.priceCents]));

  it('valid bids are accepted and invalid ones refused with the same reason (minimum increment, start, own maximum, seller, window)', () =>
    agreeOn((o) => o.verdict));

  it('leader and runner-up: the highest maximum leads, equal maximums the earlier, the next bidder’s maximum behind', () =>
    agreeOn((o) => [
      o.view.leaderId,
      o.view.leaderMaxCents,
      o.view.runnerUpMaxCents,
      o.bidEvent?.leading,
    ]));

  it('reserve: met once the leader’s maximum reaches it, lifting the price to it', () =>
    agreeOn((o) => [o.view.reserveMet, o.view.priceCents]));

  it('soft close: a bid inside the window moves the end to at least its time plus the extension', () =>
    agreeOn((o) => o.view.endsAt));

  it('buy-now, cancel and close: same status, outcome, winner and final price', () =>
    agreeOn((o) => [
      o.view.status,
      o.view.outcome,
      o.view.winnerId,
      o.view.finalPriceCents,
      o.view.bidCount,
    ]));

  it('reaches every rule: the scripts are not passing by avoiding them', () => {
    const { count, expectEach } = tally();
    fc.assert(
      fc.property(auctionTerms, scripts, (terms, script) => {
        let reserveWasMet = false;
        let leaderMax: number | null = null;
        for (const { command, model } of lockstep(terms, script)) {
          const v = model.verdict;
          count(`${command.kind} ${v.verdict === 'rejected' ? v.reason : v.verdict}`);
          if (model.view.reserveMet && !reserveWasMet) count('reserve met');
          reserveWasMet = model.view.reserveMet;
          if (model.view.outcome) count(`outcome ${model.view.outcome}`);
          if (model.view.endsAt !== terms.endsAt) count('extended');
          if (
            command.kind === 'bid' &&
            v.verdict === 'accepted' &&
            model.bidEvent?.leading === false
          )
            count('beaten at once by the leader’s proxy');
          if (command.kind === 'bid' && v.verdict === 'accepted' && command.maxCents === leaderMax)
            count('equal maximums');
          leaderMax = model.view.leaderMaxCents;
        }
      }),
      RUNS,
    );
    expectEach('rules reached', [
      'bid accepted',
      'bid below_minimum_increment',
      'bid below_starting_price',
      'bid not_above_own_maximum',
      'bid seller_cannot_bid',
      'bid not_started',
      'bid auction_ended',
      'bid auction_closed',
      'buyNow accepted',
      'buyNow buy_now_unavailable',
      'cancel accepted',
      'cancel has_bids',
      'cancel not_seller',
      'close ignored',
      'reserve met',
      'extended',
      'beaten at once by the leader’s proxy',
      'equal maximums',
      'outcome sold',
      'outcome no_bids',
      'outcome reserve_not_met',
      'outcome bought_now',
    ]);
  });
});

/** What each side says of creating an auction under `terms`: its verdict and the field it names. */
function createVerdicts({ sellerId, incrementTable, ...rest }: ModelTerms) {
  const command = create({ sellerId, ...rest, ...(incrementTable ? { incrementTable } : {}) });
  const [event] = decide(command, NOT_CREATED, contextFor(command));
  const refused = event?.type === 'CommandRejected' ? event : undefined;
  return {
    implementation: {
      verdict: refused ? refused.reason : 'accepted',
      field: refused?.detail?.split(' ')[0],
    },
    model: {
      verdict:
        new ReferenceMarket().list('a-1', 'item-1', { sellerId, incrementTable, ...rest })
          .verdict === 'accepted'
          ? 'accepted'
          : 'invalid_command',
      field: refusedTermsField({ sellerId, incrementTable, ...rest }),
    },
  };
}

describe('terms that cannot make an auction, against the reference model', () => {
  it('a create is refused for the same terms, naming the same field (buy-now below the reserve, no room for an increment, amounts too large)', () =>
    fc.assert(
      fc.property(createTerms, (terms) => {
        const { implementation, model } = createVerdicts(terms);
        expect(implementation).toEqual(model);
      }),
      RUNS,
    ));

  it('reaches every case: each refusal, and acceptances right beside them', () => {
    const { count, expectEach } = tally();
    fc.assert(
      fc.property(createTerms, (terms) => {
        const { model } = createVerdicts(terms);
        count(model.field?.replace(/\[\d+\]/, '[i]') ?? 'accepted');
        if (model.field === undefined && terms.incrementTable) count('accepted with an own table');
      }),
      RUNS,
    );
    expectEach('create cases reached', [
      'accepted',
      'accepted with an own table',
      'buyNowPriceCents',
      'startingPriceCents',
      'reservePriceCents',
      'incrementTable[i].incrementCents',
    ]);
  });
});

describe('one open auction per item and seller, against the reference market', () => {
  it('every listing, bid, cancel and close gets the same verdict and leaves the same status', () =>
    fc.assert(
      fc.property(listingScripts, (script) => {
        const differing = lockstepListings(script).filter(
          (s) => JSON.stringify(s.implementation) !== JSON.stringify(s.model),
        );
        expect(differing).toEqual([]);
      }),
      RUNS,
    ));

  it('reaches every case: a second listing while open, a relisting after a close or a cancel, another seller’s item, a used id', () => {
    const { count, expectEach } = tally();
    fc.assert(
      fc.property(listingScripts, (script) => {
        // Read off the model's side: each listed auction's seller, item and current status.
        const listed = new Map<string, { pair: string; item: string; status: string | null }>();
        for (const { command, model } of lockstepListings(script)) {
          if (command.kind === 'list') {
            const v = model.verdict;
            const pair = `${command.sellerId}/${command.itemId}`;
            const earlier = [...listed.values()];
            const ended = earlier.filter((l) => l.pair === pair && l.status !== 'open');
            const othersOpen = earlier.some(
              (l) => l.item === command.itemId && l.pair !== pair && l.status === 'open',
            );
            count(`list ${v.verdict === 'rejected' ? v.reason : v.verdict}`);
            if (v.verdict === 'accepted') {
              if (ended.some((l) => l.status === 'closed')) count('relisted after a close');
              if (ended.some((l) => l.status === 'cancelled')) count('relisted after a cancel');
              if (othersOpen) count('listed while another seller’s auction of the item is open');
              listed.set(command.auctionId, { pair, item: command.itemId, status: 'open' });
            }
          } else {
            const entry = listed.get(command.auctionId);
            if (entry) entry.status = model.status;
          }
        }
      }),
      RUNS,
    );
    expectEach('listing cases reached', [
      'list accepted',
      'list item_has_open_auction',
      'list auction_already_exists',
      'relisted after a close',
      'relisted after a cancel',
      'listed while another seller’s auction of the item is open',
    ]);
  });
});
