// How the page writes amounts, durations and times: in the visitor's locale, with the currency.
const locale = () => globalThis.navigator?.language || undefined;

/** Integer cents as money in `currency` (ISO 4217), e.g. "$1,234.50". */
export function money(cents, currency = 'USD') {
  if (!Number.isFinite(cents)) return '—';
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** Time left until `endsAt`: "4m 09s", "2h 05m 09s" under a day, "36d 4h 10m" beyond. */
export function countdown(endsAt, now = Date.now()) {
  const ms = Date.parse(endsAt) - now;
  if (!Number.isFinite(ms)) return '';
  if (ms <= 0) return 'closing…';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const secs = `${String(s % 60).padStart(2, '0')}s`;
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m ${secs}`;
  return `${Number(m)}m ${secs}`;
}

/** A date and time in the visitor's locale, always in one format (the countdown has the seconds). */
export function dateTime(iso) {
  const at = new Date(iso).getTime(); // an ISO text, or epoch milliseconds as live events carry
  if (!Number.isFinite(at)) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** A time of day in the visitor's locale, with seconds. */
export const timeOfDay = (iso) =>
  new Intl.DateTimeFormat(locale(), { timeStyle: 'medium' }).format(Date.parse(iso));

/** A decimal amount from cents, as the bid field takes it ("12.50"). */
export const plainAmount = (cents) => (cents / 100).toFixed(2);

/** An element with text and attributes: text is never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}
