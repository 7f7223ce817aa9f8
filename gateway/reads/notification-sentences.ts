/**
 * How GET /me/notifications writes amounts and times in its sentences: "152.50 EUR", and UTC
 * ("2030-01-01 12:05:00 UTC"). The sentences themselves are the shared ones
 * (gateway/web/shared/notification-meaning.js), which the live feed and the page word alike.
 */
import { formatCents } from '../commands/money.js';
import type { Wording } from '../web/shared/notification-meaning.js';

/** "152.50 EUR". */
export const amountText = (cents: number, currency: string) => `${formatCents(cents)} ${currency}`;

/** "2030-01-01 12:05:00 UTC". */
export const timeText = (ms: number) =>
  `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** The API's wording in `currency`. */
export const apiWording = (currency: string): Wording => ({
  money: (cents) => amountText(cents, currency),
  time: timeText,
});
