/**
 * Ids the gateway mints. A bid's id is derived from (user, auction, Idempotency-Key): a retry
 * gets the same id, and a key reused on another auction names another bid.
 */
import { randomUUID } from 'node:crypto';
import { parse as parseUuid, v5 as uuidv5 } from 'uuid';
import { badRequest } from '../http/problems.js';

/**
 * Fixed namespace for bid ids (a random UUID chosen once for this project), as bytes: uuid
 * parses a namespace given as text on every call, twice.
 */
const BID_NAMESPACE = parseUuid('6f1c3b0e-8a51-4a0f-9d3e-2b8c7e41d5a9');

export const newAuctionId = () => randomUUID();
export const newCommandId = () => randomUUID();
export const bidIdFor = (userId: string, auctionId: string, idempotencyKey: string) =>
  uuidv5(`${userId}\u0000${auctionId}\u0000${idempotencyKey}`, BID_NAMESPACE);

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Where an HTTP request's key comes from, as a refusal names it. */
export const KEY_HEADER = 'Idempotency-Key';

/** The Idempotency-Key header: required, 1-200 visible ASCII characters. */
export function idempotencyKeyOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) {
    throw badRequest(
      'missing_idempotency_key',
      'Send an Idempotency-Key header (any unique string per bid) so a retry is applied once.',
      'Idempotency-Key',
    );
  }
  if (!KEY.test(value)) {
    throw badRequest(
      'invalid_idempotency_key',
      'Idempotency-Key must be 1-200 visible ASCII characters.',
      'Idempotency-Key',
    );
  }
  return value;
}
