/**
 * Identity comes from a bearer JWT, its subject being the user, checked by one TokenVerifier
 * (token-verifier.ts) that the composition root chooses: this file's shared-secret one (HS256,
 * pinned) or a provider's keys (provider-tokens.ts). Issuer, audience and expiry are checked; the
 * subject must be a user id (gateway/access/user-id.ts), and the token may live at most
 * `maxLifetimeSeconds` (exp − iat, iat required and not in the future).
 * No body field ever names the acting user.
 */
import type { RequestHandler } from 'express';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { unauthorized } from '../http/problems.js';
import type { TokenClaims, TokenVerifier } from './token-verifier.js';
import { isUserId, USER_ID_RULE } from './user-id.js';

export type { TokenClaims, TokenVerifier } from './token-verifier.js';

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
    return claimsOf(payload, 'sub', settings.maxLifetimeSeconds);
  } catch (error) {
    throw joseRefusal(error);
  }
}

/** The shared-secret verifier: its key never changes. */
export function sharedSecretVerifier(settings: TokenSettings): TokenVerifier {
  return {
    verify: (token) => verifyTokenClaims(settings, token),
    keysVersion: () => 0,
    whereToGetOne: '`npm run token -- <userId>` makes one',
  };
}

/**
 * What a signature-checked payload says, whichever verifier checked it: the user (the claim
 * `userClaim`, which must be a user id as it stands, never mapped) and when the token expires,
 * once its issue time and lifetime pass.
 */
export function claimsOf(
  payload: JWTPayload,
  userClaim: string,
  maxLifetimeSeconds: number,
): TokenClaims {
  const user = payload[userClaim];
  const named = userClaim === 'sub' ? 'subject' : `${userClaim} claim (JWT_USER_CLAIM)`;
  if (user === undefined) throw unauthorized(`The token has no ${named}: it names no user.`);
  if (!isUserId(user))
    throw unauthorized(`The token's ${named} is not a valid user id (${USER_ID_RULE}).`);
  if (typeof payload.iat !== 'number')
    throw unauthorized(
      `The token has no issue time (iat): its lifetime cannot be checked against the maximum of ${maxLifetimeSeconds} s.`,
    );
  if (payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
    throw unauthorized('The token was issued in the future (iat): get a new one.');
  if (payload.exp! - payload.iat > maxLifetimeSeconds)
    throw unauthorized(
      `The token lives ${payload.exp! - payload.iat} s (exp − iat), longer than the maximum of ${maxLifetimeSeconds} s (JWT_MAX_LIFETIME_SECONDS): get a shorter-lived one.`,
    );
  return { userId: user, expiresAtMs: payload.exp! * 1000 };
}

/** jose's refusals as 401s that say why; anything else (our own 401s included) as it is. */
export function joseRefusal(error: unknown): unknown {
  if (error instanceof errors.JWTExpired)
    return unauthorized('The token has expired: get a new one.');
  if (error instanceof errors.JOSEError)
    return unauthorized(`The token is not valid (${error.code}).`);
  return error;
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
 * claims of a given string cannot change, only its expiry can come, or the keys it was checked
 * with (a provider's key set fetched anew after a rotation): an answer remembered under another
 * `keysVersion` is checked again. Failures are not remembered (they are cheap to repeat and must
 * say why each time).
 */
export function rememberingVerifier(
  verify: (token: string) => Promise<TokenClaims>,
  now: () => number = Date.now,
  maxEntries = REMEMBERED_TOKENS,
  keysVersion: () => number = () => 0,
) {
  const verified = new Map<string, TokenClaims & { readonly keysVersion: number }>();
  return async (token: string): Promise<string> => {
    const known = verified.get(token);
    if (known && now() < known.expiresAtMs && known.keysVersion === keysVersion())
      return known.userId;
    verified.delete(token);
    // Read before verifying: keys fetched anew meanwhile make this answer one to check again.
    const version = keysVersion();
    const claims = await verify(token);
    verified.set(token, { ...claims, keysVersion: version });
    if (verified.size > maxEntries) verified.delete(verified.keys().next().value!);
    return claims.userId;
  };
}

const noBearer = (verifier: TokenVerifier) =>
  `Send a bearer token: Authorization: Bearer <jwt> (${verifier.whereToGetOne}).`;
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * The user an Authorization header names, verified with a memory of its own; rejects with a 401.
 * Both the Express middleware and the bid fast path (gateway/routes/place-bid.ts) use it.
 */
export function bearerUser(verifier: TokenVerifier) {
  const verify = rememberingVerifier(
    (token) => verifier.verify(token),
    Date.now,
    REMEMBERED_TOKENS,
    () => verifier.keysVersion(),
  );
  return (header: string | undefined): Promise<string> => {
    const match = header ? BEARER.exec(header) : null;
    return match ? verify(match[1]!) : Promise.reject(unauthorized(noBearer(verifier)));
  };
}

export function requireUser(verifier: TokenVerifier): RequestHandler {
  const userOf = bearerUser(verifier);
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
