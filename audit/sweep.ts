/**
 * Many auctions audited page by page: every auction settled since a time (`--closed-since`), or
 * a given list (the replay test). Counts, the ones that differ, the ones that cannot be audited,
 * which source each came from, and the throughput; progress is reported after each page.
 */
import { settledSincePage, type EndedKey } from '../processors/decision-log.js';
import { auditAuctions, isAudited, type AuctionAudit, type AuditDependencies } from './audit.js';
import type { AuditSource } from './record.js';

/** Auctions audited together: one read of the decision log, one scan per partition. */
export const SWEEP_PAGE = 500;

export interface SweepSummary {
  readonly audited: number;
  readonly matching: number;
  readonly differing: readonly AuctionAudit[];
  readonly notAuditable: readonly { readonly auctionId: string; readonly notAuditable: string }[];
  readonly bySource: Readonly<Record<AuditSource, number>>;
  readonly seconds: number;
  readonly auctionsPerSecond: number;
}

export type Progress = (done: number, seconds: number) => void;

export async function sweep(
  deps: AuditDependencies,
  pages: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  progress: Progress = () => undefined,
): Promise<SweepSummary> {
  const began = performance.now();
  const seconds = () => (performance.now() - began) / 1000;
  let audited = 0;
  let matching = 0;
  const differing: AuctionAudit[] = [];
  const notAuditable: { auctionId: string; notAuditable: string }[] = [];
  const bySource: Record<AuditSource, number> = { 'commands topic': 0, 'decision log': 0 };
  for await (const ids of pages) {
    for (const result of await auditAuctions(deps, ids)) {
      audited += 1;
      if (!isAudited(result)) notAuditable.push(result);
      else {
        bySource[result.record.source] += 1;
        if (result.matches) matching += 1;
        else differing.push(result);
      }
    }
    progress(audited, seconds());
  }
  const elapsed = seconds();
  return {
    audited,
    matching,
    differing,
    notAuditable,
    bySource,
    seconds: elapsed,
    auctionsPerSecond: elapsed > 0 ? audited / elapsed : 0,
  };
}

/** The ids of every auction settled (closed or cancelled) with its end at or after `since`. */
export async function* settledSince(
  deps: Pick<AuditDependencies, 'db'>,
  since: Date,
  pageSize = SWEEP_PAGE,
): AsyncIterable<readonly string[]> {
  let after: EndedKey | null = null;
  for (;;) {
    const page = await settledSincePage(deps.db, since, after, pageSize);
    if (page.length > 0) yield page.map((p) => p.auctionId);
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    after = { endsAt: last.endsAt, auctionId: last.auctionId };
  }
}

/** A given list of ids, a page at a time. */
export function* inPages(
  ids: readonly string[],
  pageSize = SWEEP_PAGE,
): Iterable<readonly string[]> {
  for (let i = 0; i < ids.length; i += pageSize) yield ids.slice(i, i + pageSize);
}

/** The summary as lines: counts, sources, throughput, then each auction that differs. */
export function summaryLines(s: SweepSummary): string[] {
  const lines = [
    `${s.audited} auctions audited in ${s.seconds.toFixed(1)} s (${s.auctionsPerSecond.toFixed(1)} auctions/s): ` +
      `${s.matching} match, ${s.differing.length} differ, ${s.notAuditable.length} cannot be audited`,
    `commands from the commands topic: ${s.bySource['commands topic']}, from the decision log: ${s.bySource['decision log']}`,
  ];
  for (const d of s.differing) {
    const divergence = d.comparison.divergence!;
    lines.push(`differs: ${d.auctionId} from step ${divergence.step ?? '—'}: ${divergence.what}`);
  }
  for (const n of s.notAuditable) lines.push(`cannot audit: ${n.notAuditable}`);
  return lines;
}
