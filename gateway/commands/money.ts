/**
 * Money crosses the API as a decimal in major units ("12.50" or 12.5) and lives inside as
 * integer cents. Parsing goes through the decimal text, never through floating-point arithmetic.
 */
const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

export type AmountProblem =
  'not_a_number' | 'surrounding_whitespace' | 'not_positive' | 'too_precise' | 'too_large';

/** Any white space or line break at either end: "  12.00\n" is refused, never trimmed. */
const PADDED = /^\s|\s$/;

export function parseAmount(
  value: unknown,
): { ok: true; cents: number } | { ok: false; problem: AmountProblem } {
  if (typeof value !== 'string' && typeof value !== 'number')
    return { ok: false, problem: 'not_a_number' };
  if (typeof value === 'number' && !Number.isFinite(value))
    return { ok: false, problem: 'not_a_number' };
  if (typeof value === 'string' && PADDED.test(value))
    return { ok: false, problem: 'surrounding_whitespace' };
  // JSON numbers print back exactly as written for any amount with ≤ 15 significant digits.
  const text = typeof value === 'number' ? String(value) : value;
  if (/^-/.test(text)) return { ok: false, problem: 'not_positive' };
  if (/^\d+\.\d{3,}$/.test(text)) return { ok: false, problem: 'too_precise' };
  if (/^\d{13,}(\.\d*)?$/.test(text)) return { ok: false, problem: 'too_large' };
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, problem: 'not_a_number' };
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents > 0 ? { ok: true, cents } : { ok: false, problem: 'not_positive' };
}

/** Integer cents as a decimal string with two places: 12345 → "123.45". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
