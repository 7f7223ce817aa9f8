/** `npm run audit` arguments: one auction, or every auction settled since a time. Pure. */
import { parseArgs } from 'node:util';
import type { SourceChoice } from './audit.js';

export const USAGE = `usage:
  npm run audit -- --auction <auction id> [--source auto|topic|decision-log]
  npm run audit -- --closed-since <ISO 8601 time> [--source auto|topic|decision-log]
exit status: 0 every audited outcome matches, 1 one differs, 2 cannot audit (or bad arguments)`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type AuditArguments =
  | { readonly mode: 'auction'; readonly auctionId: string; readonly source: SourceChoice }
  | { readonly mode: 'closed-since'; readonly since: Date; readonly source: SourceChoice };

const SOURCES: readonly SourceChoice[] = ['auto', 'topic', 'decision-log'];

export function parseAuditArguments(argv: readonly string[]): AuditArguments {
  let values: { auction?: string; 'closed-since'?: string; source?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        auction: { type: 'string' },
        'closed-since': { type: 'string' },
        source: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const source = (values.source ?? 'auto') as SourceChoice;
  if (!SOURCES.includes(source))
    throw new UsageError(`--source must be one of ${SOURCES.join(', ')}, not "${values.source}"`);
  const auction = values.auction;
  const closedSince = values['closed-since'];
  if ((auction === undefined) === (closedSince === undefined))
    throw new UsageError('give either --auction <id> or --closed-since <time>');
  if (auction !== undefined) {
    if (auction.trim() === '') throw new UsageError('--auction needs an auction id');
    return { mode: 'auction', auctionId: auction, source };
  }
  // An ISO 8601 date or date-time; Date.parse alone would take "1" or "May 5".
  const since = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
    closedSince!,
  )
    ? new Date(closedSince!)
    : undefined;
  if (!since || Number.isNaN(since.getTime()))
    throw new UsageError(
      `--closed-since must be an ISO 8601 time (e.g. 2026-12-07T16:00:00Z), not "${closedSince}"`,
    );
  return { mode: 'closed-since', since, source };
}
