/**
 * Tokens from an identity provider (OpenID Connect or plain OAuth 2.0), checked against the keys
 * it publishes at its JWKS URL: RS256, ES256 and EdDSA (Ed25519) signatures only, so HS256 (a
 * shared secret) and `none` are refused in this mode. jose's remote key set keeps the keys in
 * memory (refetched after `keyCacheMaxAgeSeconds`) and fetches them anew when a token names a key
 * id it does not know, at most once per `keyRefetchCooldownSeconds` (a flood of made-up key ids
 * cannot make the gateway hammer the provider). A key the provider stops publishing is refused
 * from the next fetch on.
 */
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwksCache,
  jwtVerify,
  type JWKSCacheInput,
  type JWTVerifyGetKey,
} from 'jose';
import { ApiError, unauthorized, unavailable } from '../http/problems.js';
import { claimsOf, joseRefusal } from './auth.js';
import type { TokenVerifier } from './token-verifier.js';

export interface ProviderTokenSettings {
  readonly jwksUrl: string;
  /** The `iss` every token must carry. */
  readonly issuer: string;
  /** The `aud` every token must carry (for an RFC 8707 provider, the resource indicator). */
  readonly audience: string;
  /** The claim that names the user (JWT_USER_CLAIM, default `sub`). */
  readonly userClaim: string;
  readonly maxLifetimeSeconds: number;
  readonly keyRefetchCooldownSeconds: number;
  readonly keyCacheMaxAgeSeconds: number;
}

/** Asymmetric signatures only: `Ed25519` is EdDSA's fully-specified name (RFC 9864). */
export const PROVIDER_ALGORITHMS = ['RS256', 'ES256', 'EdDSA', 'Ed25519'] as const;

/** How long the provider's key set may take to answer. */
const KEYS_TIMEOUT_MS = 5000;

/** The keys could not be had (the provider is down, slow, or answers nonsense): not the token's fault. */
class KeysUnavailable extends Error {
  override readonly name = 'KeysUnavailable';
}

/** The key set's answers a token can be blamed for: no key, or more than one, for its header. */
const isTokenFault = (error: unknown) =>
  error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys;

export function providerVerifier(settings: ProviderTokenSettings): TokenVerifier {
  // jose writes the time of each fetch here: that is our keys' version.
  const fetched: JWKSCacheInput = {};
  const remote = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cooldownDuration: settings.keyRefetchCooldownSeconds * 1000,
    cacheMaxAge: settings.keyCacheMaxAgeSeconds * 1000,
    timeoutDuration: KEYS_TIMEOUT_MS,
    [jwksCache]: fetched,
  });
  const keys: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (isTokenFault(error)) throw error;
      throw new KeysUnavailable(
        `the identity provider's keys could not be fetched from ${settings.jwksUrl}`,
        { cause: error },
      );
    }
  };
  return {
    keysVersion: () => ('uat' in fetched ? fetched.uat : 0),
    whereToGetOne: `the identity provider ${settings.issuer} issues one for the audience ${settings.audience}`,
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          algorithms: [...PROVIDER_ALGORITHMS],
          issuer: settings.issuer,
          audience: settings.audience,
          requiredClaims: ['exp', 'iat'],
        });
        return claimsOf(payload, settings.userClaim, settings.maxLifetimeSeconds);
      } catch (error) {
        throw refusal(error, token);
      }
    },
  };
}

function refusal(error: unknown, token: string): unknown {
  if (error instanceof KeysUnavailable)
    return unavailable(`The token cannot be checked now: ${error.message}. Retry shortly.`, 5);
  if (error instanceof errors.JOSEAlgNotAllowed)
    return unauthorized(
      `The token is signed with ${algorithmOf(token)}; this gateway accepts only tokens its identity provider signed (${PROVIDER_ALGORITHMS.join(', ')}).`,
    );
  if (error instanceof errors.JWKSNoMatchingKey)
    return unauthorized(
      'The token is signed with a key the identity provider does not publish (its kid is unknown): get a new one.',
    );
  return error instanceof ApiError ? error : joseRefusal(error);
}

function algorithmOf(token: string): string {
  try {
    return JSON.stringify(decodeProtectedHeader(token).alg ?? 'no algorithm');
  } catch {
    return 'an unreadable header';
  }
}
