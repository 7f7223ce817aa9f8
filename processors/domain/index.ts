/** The auction domain: pure rules, no I/O. */
export type {
  AuctionCommand,
  BuyNow,
  CancelAuction,
  CloseAuction,
  CreateAuction,
  PlaceBid,
} from './commands.js';
export { decide } from './decide.js';
export type { AuctionEvent, CloseOutcome, RejectionReason } from './events.js';
export { evolve } from './evolve.js';
export {
  EBAY_INCREMENTS,
  incrementAt,
  incrementTableProblem,
  type IncrementTable,
} from './money.js';
export type { AuctionState, Leader } from './state.js';
