/**
 * Identity comes from a bearer JWT (HS256, pinned), its subject being the user. Issuer,
 * audience and expiry are checked. No body field ever names the acting user.
 */
import type { RequestHandler } from 'express';
import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthorized } from './problems.js';

export interface TokenSettings {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
}

const ALGORITHM = 'HS256';
const key = (settings: TokenSettings) => new TextEncoder().encode(settings.secret);

export async function issueToken(settings: TokenSettings, userId: string, ttlSeconds = 24 * 3600) {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(settings));
}

/** The user id of a valid token; a typed 401 otherwise. */
export async function verifyToken(settings: TokenSettings, token: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, key(settings), {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['sub', 'exp'],
    });
    if (!payload.sub || payload.sub.length > 200)
      throw unauthorized('The token has no usable subject.');
    return payload.sub;
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

export function requireUser(settings: TokenSettings): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) {
      next(
        unauthorized(
          'Send a bearer token: Authorization: Bearer <jwt> (`npm run token -- <userId>` makes one).',
        ),
      );
      return;
    }
    verifyToken(settings, match[1]!).then(
      (userId) => {
        req.userId = userId;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
