/** What a WebSocket client may send, validated strictly. */
import { z } from 'zod';
import { parseAmount } from '../commands/money.js';
import { NO_CONTROL_CHARACTERS } from '../http/requests.js';

const auctionId = z.string().uuid();
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/);
/** Echoed in the answer, so a client can match it to its request. */
const requestId = z
  .string()
  .max(100)
  .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters')
  .optional();

export const clientMessage = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('subscribe'),
      auctionId,
      afterSequence: z.number().int().min(0).optional(),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe'), auctionId }).strict(),
  /** The feed of new auctions: every AuctionCreated, for anyone (signed in or not). */
  z.object({ type: z.literal('subscribe_auctions') }).strict(),
  z.object({ type: z.literal('unsubscribe_auctions') }).strict(),
  z
    .object({
      type: z.literal('bid'),
      auctionId,
      maxAmount: z.union([z.string(), z.number()]),
      idempotencyKey,
      requestId,
    })
    .strict(),
  z.object({ type: z.literal('buy_now'), auctionId, idempotencyKey, requestId }).strict(),
  z.object({ type: z.literal('ping') }).strict(),
]);

export type ClientMessage = z.infer<typeof clientMessage>;

export type Parsed =
  | { ok: true; message: ClientMessage; cents?: number }
  | { ok: false; detail: string; requestId?: string };

export function parseClientMessage(raw: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, detail: 'the message is not valid JSON' };
  }
  const result = clientMessage.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { ok: false, detail: `${issue.path.join('.') || 'message'}: ${issue.message}` };
  }
  if (result.data.type === 'bid') {
    const amount = parseAmount(result.data.maxAmount);
    if (!amount.ok)
      return {
        ok: false,
        detail: `maxAmount: ${amount.problem}`,
        ...(result.data.requestId ? { requestId: result.data.requestId } : {}),
      };
    return { ok: true, message: result.data, cents: amount.cents };
  }
  return { ok: true, message: result.data };
}
