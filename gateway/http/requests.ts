/**
 * The shapes the API accepts, validated strictly (strict objects): unknown fields are refused and
 * named, never ignored.
 */
import { z } from 'zod';
import { badRequest } from './problems.js';
import { parseAmount } from '../commands/money.js';
import { isUserId, normalizeUserId, USER_ID_RULE } from '../access/user-id.js';
import { hiddenCharacterProblem } from './text-rules.js';
import { unknownFields } from './requests-unknown-fields.js';

const AMOUNT_MESSAGES = {
  not_a_number: 'must be a decimal amount such as "12.50"',
  surrounding_whitespace: 'must be written without spaces or line breaks around it',
  not_positive: 'must be greater than zero',
  too_precise: 'must have at most two decimal places',
  too_large: 'is too large',
} as const;

/** How an amount is written, for the API description (gateway/http/openapi.ts): the input's shape. */
function amountDescription(what: string) {
  return {
    description: `${what}, as a decimal string ("12.50") or a number, at most two decimals.`,
    anyOf: [{ type: 'string' as const }, { type: 'number' as const }],
  };
}

/** A positive money amount in major units ("12.50" or 12.5), turned into integer cents. */
const amount = z
  .unknown()
  .transform((value, ctx) => {
    const parsed = parseAmount(value);
    if (parsed.ok) return parsed.cents;
    ctx.addIssue({ code: 'custom', message: AMOUNT_MESSAGES[parsed.problem] });
    return z.NEVER;
  })
  .meta(amountDescription('A positive amount in major units'));

/** Like `amount`, but zero is allowed (the first step of an increment table). */
const amountOrZero = z
  .unknown()
  .transform((value, ctx) => {
    if (value === 0 || value === '0' || value === '0.00') return 0;
    const parsed = parseAmount(value);
    if (parsed.ok) return parsed.cents;
    ctx.addIssue({ code: 'custom', message: AMOUNT_MESSAGES[parsed.problem] });
    return z.NEVER;
  })
  .meta(amountDescription('An amount in major units, zero allowed'));

/**
 * No control characters (C0, DEL, C1) and no lone surrogates: Postgres refuses NUL in text,
 * and none belongs in a name, a title or an id.
 */
export const NO_CONTROL_CHARACTERS = /^[^\p{Cc}\p{Cs}]*$/u;
/** A name or an id kept and shown to others: no control, hidden or non-characters (text-rules.ts). */
export const printable = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters')
    .superRefine((text, ctx) => {
      const problem = hiddenCharacterProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
const id = printable(200);
const seconds = z
  .number()
  .int()
  .min(0)
  .max(30 * 24 * 3600);
/** A user id (gateway/access/user-id.ts), as in a path or a filter. */
export const userId = z.string().refine(isUserId, `must be a user id: ${USER_ID_RULE}`);

export const createAuctionBody = z
  .object({
    itemId: id,
    title: printable(300),
    startingPrice: amount,
    reservePrice: amount.optional(),
    buyNowPrice: amount.optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    // Its upper bound is AUCTION_MAX_DURATION_DAYS, checked with the start (auction-times.ts).
    durationSeconds: z.number().int().min(1).optional(),
    antiSnipingWindowSeconds: seconds.default(0),
    antiSnipingExtensionSeconds: seconds.default(0),
    incrementTable: z
      .array(z.object({ from: amountOrZero, increment: amount }).strict())
      .min(1)
      .max(50)
      .optional(),
    externalRef: id.optional(),
  })
  .strict();

export const placeBidBody = z.object({ maxAmount: amount }).strict();
export const emptyBody = z.object({}).strict();

/** `limit` and `offset` of every list (gateway/http/paging.ts). */
const paging = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

/** Just a page of a list. */
export const pageQuery = z.object(paging).strict();

export const listAuctionsQuery = z
  .object({
    status: z.enum(['scheduled', 'open', 'closed', 'cancelled']).optional(),
    itemId: id.optional(),
    sellerId: userId.optional(),
    externalRef: id.optional(),
    // An empty search box searches for nothing in particular: no filter.
    q: z
      .string()
      .trim()
      .max(100)
      .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters')
      .transform((text) => text || undefined)
      .optional(),
    sort: z.enum(['newest', 'ending_soonest']).default('newest'),
    ...paging,
  })
  .strict();

export const waitQuery = z
  .object({ wait: z.coerce.number().int().min(0).max(30_000).optional() })
  .strict();

/** `limit` of a ranking (gateway/routes/standings.ts). */
const rankLimit = z.coerce.number().int().min(1).max(100).default(10);
export const noQuery = z.object({}).strict();
export const rankQuery = z.object({ limit: rankLimit }).strict();
export const topWinnersQuery = z
  .object({ by: z.enum(['spent', 'won']).default('spent'), limit: rankLimit })
  .strict();
/** Hot auctions over the last `minutes`, at most the window the gateway counts. */
export const hotAuctionsQuery = (windowMinutes: number) =>
  z
    .object({
      limit: rankLimit,
      minutes: z.coerce
        .number()
        .int()
        .min(1)
        .max(windowMinutes)
        .default(Math.min(10, windowMinutes)),
    })
    .strict();

/** POST /dev/token: a user id as typed, folded to NFKC (gateway/access/user-id.ts). */
export const devTokenBody = z
  .object({
    userId: z
      .string()
      .transform(normalizeUserId)
      .refine(isUserId, `must be a user id: ${USER_ID_RULE}`),
  })
  .strict();

export const auctionIdParam = z.string().uuid();
export const userIdParam = userId;

/**
 * Parses `input`, or throws a 400 problem naming the offending field. An unknown field is named
 * first, as unknown: a misspelt field is also a missing one, and the missing one is not the news.
 */
export function parse<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const { issues } = result.error;
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
  if (unknown) {
    const { field, detail } = unknownFields(schema, unknown);
    throw badRequest(`invalid_${where}`, detail, field);
  }
  const issue = issues[0]!;
  const field = issue.path.join('.') || where;
  throw badRequest(`invalid_${where}`, `${field}: ${issue.message}`, field);
}
