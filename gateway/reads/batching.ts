/**
 * How the gateway batches its Postgres reads (DataLoader): every request of the same moment
 * shares one `= ANY($1)` query, so thousands of bids a second cost tens of queries.
 */
import type DataLoader from 'dataloader';

export const BATCH_OPTIONS = {
  // The callers keep their own cache where one is right; the loader only batches.
  cache: false,
  // Keeps a query's parameter array and its plan small.
  maxBatchSize: 500,
  // Flush once the event loop has taken in the I/O that arrived together: the requests that came
  // in together. (DataLoader's default, the end of the current tick, would see one request each.)
  batchScheduleFn: (flush: () => void) => void setImmediate(flush),
} satisfies DataLoader.Options<unknown, unknown>;
