/**
 * What the bid path needs to know about an auction (is it open, who sells it, when it starts and
 * ends, whether it has bids, its buy-now price), kept in memory. The gateway already reads every event for the live feed; those events keep
 * this directory current, so a bid costs no Postgres read. An auction the directory has not
 * seen (created before this gateway started), or one past its end whose close has not arrived
 * yet, is read from Postgres, batched with the other reads of the same moment.
 *
 * Stale is safe in one direction only, and that is the only one that can happen: an auction
 * bought or cancelled a moment ago may still read as open here, so the bid goes to the
 * processor, which decides it as `auction_closed` in log order. A closed or cancelled auction
 * never reopens, and a bid count never falls: the domain's admission rules, which the bid path
 * asks for an early refusal, read only such facts (processors/domain/admission.ts).
 */
import DataLoader from 'dataloader';
import type { Event, EventOf } from '../../contracts/events.js';
import type { AdmissionFacts } from '../../processors/domain/index.js';
import { evolveAuction } from '../web/shared/auction-fold.js';
import { BATCH_OPTIONS } from './batching.js';

export type AuctionStatus = AdmissionFacts['status'];

export interface AuctionFacts extends AdmissionFacts {
  /**
   * Accepted bids as far as this gateway knows: never zero once one was accepted (it may count a
   * bid twice when a read from Postgres and the events overlap; only zero or not is read).
   */
  readonly bidCount: number;
  /** Epoch ms; anti-sniping extensions move it. */
  readonly endsAt: number;
}

const createdFacts = ({ data }: EventOf<'AuctionCreated'>): AuctionFacts => ({
  status: 'open',
  sellerId: data.sellerId,
  startsAt: data.startsAt,
  endsAt: data.endsAt,
  bidCount: 0,
  buyNowPriceCents: data.buyNowPriceCents ?? undefined,
});

/** Reads many auctions' facts at once; a missing auction is absent from the map. */
export type LoadAuctionFacts = (
  auctionIds: readonly string[],
) => Promise<ReadonlyMap<string, AuctionFacts>>;

export interface AuctionDirectory {
  /** The auction's facts, or undefined if there is no such auction. */
  facts(auctionId: string): Promise<AuctionFacts | undefined>;
  /** Every event from the events topic passes through here. */
  observe(event: Event): void;
  readonly size: number;
}

/** Oldest entries go first past this many: far more than the auctions with live bidding. */
export const DEFAULT_DIRECTORY_ENTRIES = 200_000;

export function auctionDirectory(
  load: LoadAuctionFacts,
  now: () => number,
  maxEntries = DEFAULT_DIRECTORY_ENTRIES,
): AuctionDirectory {
  const known = new Map<string, AuctionFacts>();
  /** Bumped by every event for the auction: a read that overlapped one is older than it. */
  const changes = new Map<string, number>();
  const remember = (auctionId: string, facts: AuctionFacts) => {
    known.delete(auctionId); // re-inserted at the end: the newest stays longest
    known.set(auctionId, facts);
    if (known.size > maxEntries) {
      const oldest = known.keys().next().value!;
      known.delete(oldest);
      changes.delete(oldest);
    }
  };
  const loader = new DataLoader<string, AuctionFacts | undefined>(async (ids) => {
    const found = await load(ids);
    return ids.map((id) => found.get(id));
  }, BATCH_OPTIONS);
  /** Open past its end: its close may be on the way, so what memory says is not enough. */
  const settled = (facts: AuctionFacts) => facts.status !== 'open' || now() < facts.endsAt;

  return {
    async facts(auctionId) {
      const cached = known.get(auctionId);
      if (cached && settled(cached)) return cached;
      const before = changes.get(auctionId);
      const loaded = await loader.load(auctionId);
      if (changes.get(auctionId) !== before) return known.get(auctionId) ?? loaded;
      if (loaded) remember(auctionId, loaded);
      return loaded;
    },

    observe(event) {
      const { auctionId } = event.metadata;
      const before = known.get(auctionId);
      // Unknown here: the next bid reads it from Postgres, where the event is already applied.
      const after =
        event.type === 'AuctionCreated'
          ? createdFacts(event)
          : before && evolveAuction(before, event);
      if (!after || after === before) return;
      changes.set(auctionId, (changes.get(auctionId) ?? 0) + 1);
      remember(auctionId, after);
    },

    get size() {
      return known.size;
    },
  };
}
