/**
 * The one table from every rejection reason (processors/domain/events.ts) to its HTTP status and
 * the sentence a person reads. A refusal gets the same status and problem+json body whether the
 * gateway found it early (asking the domain's admission rules) or the processor decided it: same
 * `type`, `title`, `status` and `code`. A decided one adds `decided: true` and the decision's ids.
 *
 * The statuses, by what the client can do about it:
 * - 404: the auction does not exist.
 * - 403: who asks may never do this on this auction (the seller bidding, someone else cancelling).
 * - 409: the auction's state refuses the request, whatever it carries: closed, ended, not yet
 *   started, bids already placed, buy-now no longer (or never) on offer, the item already listed.
 * - 422: what the request carries is refused, and another value could pass: an amount too low,
 *   terms the rules cannot work with, values the store refuses.
 */
import type { RejectionReason } from '../../processors/domain/index.js';
import { ApiError, type ProblemMembers } from './problems.js';

export interface RefusalTerms {
  readonly status: 403 | 404 | 409 | 422;
  /** For people, when the refusal brings no detail of its own. */
  readonly detail: string;
}

export const REFUSALS: Readonly<Record<RejectionReason, RefusalTerms>> = {
  auction_not_found: { status: 404, detail: 'There is no such auction.' },
  seller_cannot_bid: { status: 403, detail: 'The seller cannot bid on or buy their own item.' },
  not_seller: { status: 403, detail: 'Only the seller can cancel an auction.' },
  auction_closed: { status: 409, detail: 'The auction is closed or cancelled.' },
  auction_ended: { status: 409, detail: 'The auction had ended when the bid was placed.' },
  not_started: { status: 409, detail: 'The auction has not started yet.' },
  buy_now_unavailable: {
    status: 409,
    detail:
      'Buy-now is not available: it was not offered, a bid was accepted, or the auction takes no bids now.',
  },
  has_bids: { status: 409, detail: 'An auction with bids cannot be cancelled.' },
  auction_already_exists: { status: 409, detail: 'An auction with this id already exists.' },
  item_has_open_auction: {
    status: 409,
    detail: 'The seller already has an open auction of this item.',
  },
  below_starting_price: { status: 422, detail: 'The bid is below the starting price.' },
  below_minimum_increment: {
    status: 422,
    detail: 'The bid must beat the current price by at least one increment.',
  },
  not_above_own_maximum: {
    status: 422,
    detail: 'You lead already: a new maximum must be above your current one.',
  },
  invalid_command: { status: 422, detail: 'The request has a value the rules cannot work with.' },
  unprocessable: { status: 422, detail: 'The request has a value the store cannot hold.' },
};

export const isRejectionReason = (value: unknown): value is RejectionReason =>
  typeof value === 'string' && Object.hasOwn(REFUSALS, value);

/** A create's terms as the domain names them (cents, milliseconds) → as the request spells them. */
const API_FIELDS: Readonly<Record<string, string>> = {
  itemId: 'itemId',
  title: 'title',
  externalRef: 'externalRef',
  startingPriceCents: 'startingPrice',
  reservePriceCents: 'reservePrice',
  buyNowPriceCents: 'buyNowPrice',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  antiSnipingWindowMs: 'antiSnipingWindowSeconds',
  antiSnipingExtensionMs: 'antiSnipingExtensionSeconds',
  incrementTable: 'incrementTable',
};
const TABLE_STEP = /^incrementTable\[(\d+)\]\.(fromCents|incrementCents)$/;

/**
 * The request field an `invalid_command` detail names: the domain's sentences start with the
 * field (processors/domain/create.ts), named as in the command; a client reads `field` as the
 * API spells it (`buyNowPrice`, `incrementTable[1].increment`). Undefined for any other detail.
 */
export function requestFieldOf(detail: string): string | undefined {
  const named = detail.split(' ', 1)[0] ?? '';
  const step = TABLE_STEP.exec(named);
  if (step) return `incrementTable[${step[1]}].${step[2] === 'fromCents' ? 'from' : 'increment'}`;
  return Object.hasOwn(API_FIELDS, named) ? API_FIELDS[named] : undefined;
}

/** Rewrites a decision's own detail for the client (rejection-problems-terms.ts). */
export type Reword = (detail: string) => string;

/**
 * The problem for `reason`: its status from the table, `detail` if given (in the client's words
 * when `reword` is), else the table's. `field` is read from the domain's detail.
 */
export function refusal(
  reason: RejectionReason,
  detail?: string | null,
  members: ProblemMembers = {},
  reword: Reword = (text) => text,
): ApiError {
  const terms = REFUSALS[reason];
  const field = reason === 'invalid_command' && detail ? requestFieldOf(detail) : undefined;
  return new ApiError(terms.status, reason, detail ? reword(detail) : terms.detail, {
    members,
    ...(field === undefined ? {} : { field }),
  });
}

/** The problem for a rejection the processor decided: `decided: true`, and the decision's ids. */
export function decidedRefusal(
  reason: string | null,
  detail: string | null | undefined,
  members: ProblemMembers,
  reword?: Reword,
): ApiError {
  // The processor writes only RejectionReasons; anything else is a bug, answered 500.
  if (!isRejectionReason(reason)) throw new Error(`a rejection with an unknown reason: ${reason}`);
  return refusal(reason, detail, { ...members, decided: true }, reword);
}
