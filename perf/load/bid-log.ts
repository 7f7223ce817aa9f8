/**
 * A bid log to replay: auctions with their recorded bids, read from the eBay CSV of
 * ../shared/data or from the project's own NDJSON. Pure parsing, no I/O.
 */
export interface LoggedBid {
  readonly bidderId: string;
  /** The bidder's maximum, as a decimal string in major units ("177.50"). */
  readonly amount: string;
  /** When it was placed, in days since the auction opened. */
  readonly atDays: number;
}

export interface LoggedAuction {
  readonly sourceId: string;
  readonly item: string;
  readonly startingPrice: string;
  readonly lengthDays: number;
  /** The closing price the source recorded, if any. */
  readonly recordedPrice: string | null;
  /** In the order they were placed. */
  readonly bids: readonly LoggedBid[];
}

export class BidLogError extends Error {
  override readonly name = 'BidLogError';
}

/** "177.5" → "177.50"; refuses anything that is not a plain non-negative decimal. */
function money(text: string, where: string): string {
  const match = /^(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text.trim());
  if (!match) throw new BidLogError(`${where}: "${text}" is not an amount`);
  return `${match[1]}.${(match[2] ?? '').padEnd(2, '0')}`;
}

const COLUMNS = [
  'auctionid',
  'bid',
  'bidtime',
  'bidder',
  'bidderrate',
  'openbid',
  'price',
  'item',
  'auction_type',
];

/** The eBay CSV: one row per bid, auctions grouped but bids not sorted by time. */
export function parseEbayCsv(text: string): LoggedAuction[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (header?.split(',').join(',') !== COLUMNS.join(',')) {
    throw new BidLogError(`not the eBay CSV format: the header must be ${COLUMNS.join(',')}`);
  }
  const auctions = new Map<string, { auction: Omit<LoggedAuction, 'bids'>; bids: LoggedBid[] }>();
  lines.forEach((line, index) => {
    const where = `line ${index + 2}`;
    const cells = line.split(',');
    if (cells.length !== COLUMNS.length)
      throw new BidLogError(`${where}: expected ${COLUMNS.length} columns`);
    const [auctionId, bid, bidTime, bidder, , openBid, price, item, type] = cells as [
      string,
      ...string[],
    ];
    const length = /^(\d+) day auction$/.exec(type ?? '');
    if (!length) throw new BidLogError(`${where}: auction_type "${type}" is not "<n> day auction"`);
    const entry = auctions.get(auctionId) ?? {
      auction: {
        sourceId: auctionId,
        item: item!,
        startingPrice: money(openBid!, where),
        lengthDays: Number(length[1]),
        recordedPrice: price ? money(price, where) : null,
      },
      bids: [],
    };
    const atDays = Number(bidTime);
    if (!Number.isFinite(atDays) || atDays < 0)
      throw new BidLogError(`${where}: bidtime "${bidTime}" is not a time`);
    entry.bids.push({ bidderId: bidder!, amount: money(bid!, where), atDays });
    auctions.set(auctionId, entry);
  });
  return [...auctions.values()].map(({ auction, bids }) => ({
    ...auction,
    // Stable sort: bids recorded at the same instant keep their file order.
    bids: bids
      .map((b, i) => ({ b, i }))
      .sort((x, y) => x.b.atDays - y.b.atDays || x.i - y.i)
      .map((x) => x.b),
  }));
}

/**
 * The project's NDJSON: one auction per line,
 * {"sourceId","item","startingPrice","lengthDays","recordedPrice"?,"bids":[{"bidderId","amount","atDays"}]}.
 */
export function parseNdjson(text: string): LoggedAuction[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const where = `line ${index + 1}`;
      let raw: Partial<LoggedAuction> & { bids?: Partial<LoggedBid>[] };
      try {
        raw = JSON.parse(line) as typeof raw;
      } catch {
        throw new BidLogError(`${where}: not JSON`);
      }
      if (!raw.sourceId || !raw.startingPrice || !raw.lengthDays || !Array.isArray(raw.bids)) {
        throw new BidLogError(`${where}: needs sourceId, startingPrice, lengthDays and bids`);
      }
      return {
        sourceId: String(raw.sourceId),
        item: String(raw.item ?? raw.sourceId),
        startingPrice: money(String(raw.startingPrice), where),
        lengthDays: Number(raw.lengthDays),
        recordedPrice: raw.recordedPrice ? money(String(raw.recordedPrice), where) : null,
        bids: raw.bids
          .map((b) => ({
            bidderId: String(b.bidderId),
            amount: money(String(b.amount), where),
            atDays: Number(b.atDays),
          }))
          .sort((x, y) => x.atDays - y.atDays),
      };
    });
}

export const toNdjson = (auctions: readonly LoggedAuction[]) =>
  auctions.map((a) => JSON.stringify(a)).join('\n') + '\n';
