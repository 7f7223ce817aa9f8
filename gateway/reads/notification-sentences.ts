/**
 * The sentence a person reads for each notification (GET /me/notifications), amounts written
 * with their currency ("152.50 EUR") and times in UTC. Pure; the live feed's notifications carry
 * the same kinds and amounts (gateway/live/live-hub.ts), so a client can word both alike.
 */
import { formatCents } from '../commands/money.js';

/** "152.50 EUR". */
export const amountText = (cents: number, currency: string) => `${formatCents(cents)} ${currency}`;

/** "2030-01-01 12:05:00 UTC". */
export const timeText = (ms: number) =>
  `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** How the auction closed for someone who neither won nor sold it. */
const unsoldText = (title: string, outcome: string) =>
  outcome === 'no_bids'
    ? `${title} closed without a bid`
    : `${title} closed without a sale: the reserve was not met`;

export const sentences = {
  outbid: (title: string, price: string) => `You were outbid on ${title}: now ${price}`,
  won: (title: string, price: string) => `You won ${title} for ${price}`,
  lost: (title: string, price: string | null, outcome: string) =>
    price === null ? unsoldText(title, outcome) : `You did not win ${title}: it sold for ${price}`,
  sold: (title: string, price: string) => `You sold ${title} for ${price}`,
  unsold: (title: string, outcome: string) => unsoldText(title, outcome),
  closed: (title: string, price: string | null, outcome: string) =>
    price === null ? unsoldText(title, outcome) : `${title} sold for ${price}`,
  extended: (title: string, newEndsAt: number) =>
    `${title} was extended: it now ends at ${timeText(newEndsAt)}`,
  cancelled: (title: string) => `${title} was cancelled by its seller`,
};
