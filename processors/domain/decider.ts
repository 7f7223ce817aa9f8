/**
 * The domain as one value: where an auction starts (`initialState`), the rules (`decide`) and how
 * a decided fact changes it (`evolve`). The processor folds evolve over decide's events.
 */
import type { AuctionCommand } from './commands.js';
import { decide, type DecisionContext } from './decide.js';
import type { AuctionEvent } from './events.js';
import { evolve } from './evolve.js';
import { NOT_CREATED, type AuctionDeciderState } from './state.js';

export interface Decider<Command, State, Event, Context> {
  readonly initialState: State;
  readonly decide: (command: Command, state: State, context: Context) => Event[];
  readonly evolve: (state: State, event: Event) => State;
}

export const auctionDecider: Decider<
  AuctionCommand,
  AuctionDeciderState,
  AuctionEvent,
  DecisionContext
> = { initialState: NOT_CREATED, decide, evolve };
