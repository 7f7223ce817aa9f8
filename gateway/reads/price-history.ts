/**
 * The price history as a bidder reads it: for each accepted bid, in order, who led once it was
 * decided. A bid that leads makes its bidder the leader; one that does not (a proxy outbid it at
 * once) leaves the leader as it was, so the step names the proxy's bidder, not the loser.
 */
export interface AcceptedStep {
  readonly bidderId: string;
  /** Whether this bid's bidder led once it was decided. */
  readonly leading: boolean;
}

export function withLeaders<S extends AcceptedStep>(
  steps: readonly S[],
): (S & { leaderId: string })[] {
  let leaderId: string | undefined;
  return steps.map((step) => {
    if (step.leading || leaderId === undefined) leaderId = step.bidderId;
    return { ...step, leaderId };
  });
}
