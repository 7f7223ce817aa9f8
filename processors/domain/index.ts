/** The auction domain: pure rules, no I/O. The processor calls decide() then folds evolve(). */
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
export { decide } from './decide.js';
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
export type { AuctionState, Leader } from './state.js';
