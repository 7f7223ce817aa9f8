/** Why an auction cannot be audited at all (as opposed to audited and found to differ). */
export class NotAuditable extends Error {
  override readonly name = 'NotAuditable';
  constructor(
    readonly auctionId: string,
    reason: string,
  ) {
    super(`${auctionId}: ${reason}`);
  }
}
