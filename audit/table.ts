/**
 * The audit as text a person can read: where the commands came from, one row per command (its
 * verdict in the model and in the record, the visible price, the leader and the end after it),
 * then the stored outcome beside the derived one and the verdict: `matches`, or the first step
 * where they part. Pure: returns lines.
 */
import { toAmount } from '../reference-model/money.js';
import type { AuctionAudit } from './audit.js';
import type { DecisionView, OutcomeView, StepCheck } from './compare.js';
import type { DerivedStep, DerivedVerdict } from './derive.js';
import type { AuditCommand } from './record.js';

const money = (cents: number | null | undefined) =>
  cents === null || cents === undefined ? '—' : toAmount(cents);
const time = (ms: number) =>
  Number.isSafeInteger(ms) && ms >= 0 && ms <= 8.64e15
    ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
    : String(ms);

export function describeCommand(c: AuditCommand): string {
  switch (c.kind) {
    case 'create': {
      const t = c.terms;
      const extras = [
        t.reservePriceCents !== undefined ? `reserve ${money(t.reservePriceCents)}` : '',
        t.buyNowPriceCents !== undefined ? `buy now ${money(t.buyNowPriceCents)}` : '',
        t.antiSnipingWindowMs > 0
          ? `anti-sniping ${t.antiSnipingWindowMs / 1000} s → +${t.antiSnipingExtensionMs / 1000} s`
          : '',
      ].filter((e) => e !== '');
      return `create by ${t.sellerId}, start ${money(t.startingPriceCents)}, ends ${time(t.endsAt)}${extras.length ? `, ${extras.join(', ')}` : ''}`;
    }
    case 'bid':
      return `bid ${c.bidId} by ${c.bidderId}, max ${money(c.maxCents)}`;
    case 'buyNow':
      return `buy now ${c.bidId} by ${c.buyerId}`;
    case 'cancel':
      return `cancel by ${c.by}`;
    case 'close':
      return 'close';
    case 'unreadable':
      return `unreadable message: ${c.reason}`;
    default: {
      const unreachable: never = c;
      return String(unreachable);
    }
  }
}

function verdictText(v: DerivedVerdict): string {
  switch (v.verdict) {
    case 'accepted':
      return 'accepted';
    case 'rejected':
      return `rejected ${v.reason}`;
    case 'ignored':
      return 'nothing to do';
    case 'repeat':
      return `repeat of step ${v.ofStep}`;
    case 'set aside':
      return 'set aside';
    default: {
      const unreachable: never = v;
      return String(unreachable);
    }
  }
}

function storedText(check: StepCheck, derived: DecisionView | undefined): string {
  if (check.stored === 'not compared') return '—';
  if (check.stored === 'missing') return 'none stored';
  const s = check.stored;
  const words = s.accepted ? 'accepted' : s.reason ? `rejected ${s.reason}` : 'nothing to do';
  const extra = [
    s.visiblePriceCents !== undefined && s.visiblePriceCents !== derived?.visiblePriceCents
      ? `price ${money(s.visiblePriceCents)}`
      : '',
    s.leading !== undefined && s.leading !== derived?.leading
      ? s.leading
        ? 'leading'
        : 'not leading'
      : '',
  ].filter((e) => e !== '');
  return extra.length ? `${words} (${extra.join(', ')})` : words;
}

/** Left-aligned columns, as wide as their widest cell. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

function stepRow(step: DerivedStep, check: StepCheck): string[] {
  const after = step.after;
  return [
    `${check.difference ? '✗' : ' '}${step.step}`,
    step.command.offset ?? '—',
    time(step.command.at),
    describeCommand(step.command),
    verdictText(step.verdict),
    storedText(check, check.derived),
    money(after?.priceCents),
    after?.leaderId ?? '—',
    after ? time(Math.min(after.endsAt, after.endedEarlyAt ?? after.endsAt)) : '—',
    step.extendedByMs > 0 ? `+${step.extendedByMs / 1000} s` : '',
  ];
}

const OUTCOME_FIELDS: readonly [keyof OutcomeView, string][] = [
  ['status', 'status'],
  ['outcome', 'outcome'],
  ['winnerId', 'winner'],
  ['finalPriceCents', 'final price'],
  ['visiblePriceCents', 'visible price'],
  ['leaderId', 'leader'],
  ['bidCount', 'accepted bids'],
  ['endsAt', 'ends'],
];

function outcomeCell(field: keyof OutcomeView, view: OutcomeView | undefined): string {
  if (!view) return '(never listed)';
  const value = view[field];
  if (field === 'finalPriceCents' || field === 'visiblePriceCents')
    return money(value as number | null);
  if (field === 'endsAt') return time(value as number);
  return value === null ? '—' : String(value);
}

export function auditTable(audit: AuctionAudit): string[] {
  const { record, derivation, comparison } = audit;
  const lines = [`auction ${audit.auctionId}: commands from the ${record.source}`];
  for (const note of record.notes) lines.push(`  (${note})`);
  lines.push('');
  lines.push(
    ...columns([
      [
        'step',
        'offset',
        'at (UTC)',
        'command',
        'model',
        'stored',
        'price',
        'leader',
        'ends',
        'extension',
      ],
      ...derivation.steps.map((s, i) => stepRow(s, comparison.checks[i]!)),
    ]),
  );
  lines.push('');
  lines.push(
    ...columns([
      ['', 'stored', 'derived'],
      ...OUTCOME_FIELDS.map(([field, label]) => [
        label,
        outcomeCell(field, comparison.stored),
        outcomeCell(field, comparison.derived),
      ]),
    ]),
  );
  lines.push('');
  const d = comparison.divergence;
  if (!d) lines.push('matches');
  else {
    const step = d.step === null ? undefined : derivation.steps[d.step - 1];
    lines.push(
      step
        ? `differs from step ${d.step} (${describeCommand(step.command)}): ${d.what}`
        : `differs: ${d.what}`,
    );
  }
  return lines;
}
