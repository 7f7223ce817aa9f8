/**
 * The reference model's own money: integer cents, parsed from and printed as the decimal strings
 * people write ("177.5", "177.50"). Written from scratch: it shares nothing with gateway/ or
 * processors/ so that a money bug there cannot hide here.
 */

/** "177.5" → 17750. Only plain non-negative decimals with at most two places. */
export function toCents(amount: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`reference model: "${amount}" is not an amount`);
  const [, whole = '', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** 17750 → "177.50". */
export function toAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`;
}
