/**
 * The auction domain: pure rules, no I/O. `auctionDecider` is the whole of it as one value; the
 * processor calls its decide() then folds its evolve().
 */
export type {
  AuctionCommand,
  BuyNow,
  CancelAuction,
  CloseAuction,
  CreateAuction,
  PlaceBid,
} from './commands.js';
export {
  bidRefusal,
  buyNowRefusal,
  cancelRefusal,
  isPastEnd,
  type AdmissionFacts,
} from './admission.js';
export { createProblem } from './create.js';
export { minimumNextBidCents, type BiddingFacts } from './bid.js';
export { decide, type DecisionContext } from './decide.js';
export { auctionDecider, type Decider } from './decider.js';
export type {
  AuctionCancelled,
  AuctionClosed,
  AuctionCreated,
  AuctionEvent,
  AuctionExtended,
  BidAccepted,
  BidRejected,
  CloseOutcome,
  CommandRejected,
  Outbid,
  RejectionReason,
  ReserveMet,
} from './events.js';
export { evolve } from './evolve.js';
export { DEFAULT_AUCTION_LIMITS, type AuctionLimits } from './limits.js';
export { refusal } from './rejections.js';
export {
  describeIncrementTableError,
  EBAY_INCREMENTS,
  incrementAt,
  validateIncrementTable,
  type IncrementStep,
  type IncrementTable,
  type IncrementTableError,
} from './money.js';
export {
  NOT_CREATED,
  type AuctionDeciderState,
  type AuctionState,
  type Leader,
  type NotCreated,
} from './state.js';
