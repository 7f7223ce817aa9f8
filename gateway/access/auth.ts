/**
 * Identity comes from a bearer JWT (HS256, pinned), its subject being the user. Issuer,
 * audience and expiry are checked; the subject must be a user id (gateway/access/user-id.ts), and the
 * token may live at most `maxLifetimeSeconds` (exp − iat, iat required and not in the future).
 * No body field ever names the acting user.
 */
import type { RequestHandler } from 'express';
import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthorized } from '../http/problems.js';
import { isUserId, USER_ID_RULE } from './user-id.js';

export interface TokenSettings {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Longest lifetime (exp − iat) a token may have. */
  readonly maxLifetimeSeconds: number;
}

/** How far a token's issue time may lie ahead of our clock. */
const CLOCK_TOLERANCE_SECONDS = 60;

const ALGORITHM = 'HS256';
const key = (settings: TokenSettings) => new TextEncoder().encode(settings.secret);

export async function issueToken(
  settings: TokenSettings,
  userId: string,
  ttlSeconds = settings.maxLifetimeSeconds,
) {
  // One clock read for both claims: jose reads the clock once per setter, and two reads that
  // straddle a second boundary made exp − iat one second longer than the maximum.
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(key(settings));
}

/** The user id of a valid token; a typed 401 otherwise. */
export async function verifyToken(settings: TokenSettings, token: string): Promise<string> {
  return (await verifyTokenClaims(settings, token)).userId;
}

/** What a valid token says: its user and when it expires. */
export interface TokenClaims {
  readonly userId: string;
  readonly expiresAtMs: number;
}

export async function verifyTokenClaims(
  settings: TokenSettings,
  token: string,
): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(settings), {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['sub', 'exp'],
    });
    if (!isUserId(payload.sub))
      throw unauthorized(`The token's subject is not a valid user id (${USER_ID_RULE}).`);
    if (typeof payload.iat !== 'number')
      throw unauthorized(
        `The token has no issue time (iat): its lifetime cannot be checked against the maximum of ${settings.maxLifetimeSeconds} s.`,
      );
    if (payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
      throw unauthorized('The token was issued in the future (iat): get a new one.');
    if (payload.exp! - payload.iat > settings.maxLifetimeSeconds)
      throw unauthorized(
        `The token lives ${payload.exp! - payload.iat} s (exp − iat), longer than the maximum of ${settings.maxLifetimeSeconds} s (JWT_MAX_LIFETIME_SECONDS): get a shorter-lived one.`,
      );
    return { userId: payload.sub, expiresAtMs: payload.exp! * 1000 };
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw unauthorized('The token has expired: get a new one.');
    if (error instanceof errors.JOSEError)
      throw unauthorized(`The token is not valid (${error.code}).`);
    throw error;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `requireUser`: the authenticated user. */
    userId?: string;
  }
}

/** Verified tokens remembered per middleware: a busy bidder sends the same token many times a second. */
const REMEMBERED_TOKENS = 10_000;

/**
 * Verifies a token once and remembers the answer until the token expires: the signature and
 * claims of a given string cannot change, only its expiry can come. Failures are not
 * remembered (they are cheap to repeat and must say why each time).
 */
export function rememberingVerifier(
  verify: (token: string) => Promise<TokenClaims>,
  now: () => number = Date.now,
  maxEntries = REMEMBERED_TOKENS,
) {
  const verified = new Map<string, TokenClaims>();
  return async (token: string): Promise<string> => {
    const known = verified.get(token);
    if (known && now() < known.expiresAtMs) return known.userId;
    verified.delete(token);
    const claims = await verify(token);
    verified.set(token, claims);
    if (verified.size > maxEntries) verified.delete(verified.keys().next().value!);
    return claims.userId;
  };
}

const NO_BEARER =
  'Send a bearer token: Authorization: Bearer <jwt> (`npm run token -- <userId>` makes one).';
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * The user an Authorization header names, verified with a memory of its own; rejects with a 401.
 * Both the Express middleware and the bid fast path (gateway/routes/place-bid.ts) use it.
 */
export function bearerUser(settings: TokenSettings) {
  const verify = rememberingVerifier((token) => verifyTokenClaims(settings, token));
  return (header: string | undefined): Promise<string> => {
    const match = header ? BEARER.exec(header) : null;
    return match ? verify(match[1]!) : Promise.reject(unauthorized(NO_BEARER));
  };
}

export function requireUser(settings: TokenSettings): RequestHandler {
  const userOf = bearerUser(settings);
  return (req, _res, next) => {
    userOf(req.headers.authorization).then(
      (userId) => {
        req.userId = userId;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
