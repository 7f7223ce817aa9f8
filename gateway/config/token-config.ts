/**
 * How the gateway checks tokens, read once at start: a shared secret (HS256, the default: its
 * rules in development-mode.ts), or an identity provider's keys when JWT_JWKS_URL or OIDC_ISSUER
 * is set. In provider mode JWT_ISSUER (default: OIDC_ISSUER) and JWT_AUDIENCE are required,
 * JWT_SECRET must not be set (no token signed with a shared secret is accepted then), and the
 * user is the claim JWT_USER_CLAIM names (default `sub`). OIDC_CLIENT_ID names the page's client
 * at the provider: with it and OIDC_ISSUER the page signs in with the authorization code flow.
 */
import type { TokenSettings } from '../access/auth.js';
import type { ProviderTokenSettings } from '../access/provider-tokens.js';
import { ConfigError, integerSetting } from './config-errors.js';
import { DEVELOPMENT_JWT_SECRET, jwtSecret } from './development-mode.js';

export interface ProviderConfig extends Omit<ProviderTokenSettings, 'jwksUrl'> {
  /** JWT_JWKS_URL; when unset, the discovery document of `oidcIssuer` names it. */
  readonly jwksUrl: string | undefined;
  /** OIDC_ISSUER: whose /.well-known/openid-configuration is read at start. */
  readonly oidcIssuer: string | undefined;
  /** OIDC_CLIENT_ID: the page's (public, PKCE) client at the provider. */
  readonly pageClientId: string | undefined;
  /** OIDC_SCOPE: what the page asks for (default `openid`). */
  readonly pageScope: string;
}

export type TokenConfig =
  | { readonly kind: 'shared-secret'; readonly settings: TokenSettings }
  | { readonly kind: 'provider'; readonly provider: ProviderConfig };

/** The JWKS default cooldown: at most one fetch for unknown key ids per 30 s. */
export const DEFAULT_KEY_REFETCH_COOLDOWN_SECONDS = 30;
export const DEFAULT_KEY_CACHE_MAX_AGE_SECONDS = 600;

/** A claim name JWT_USER_CLAIM may give: a plain JSON member name. */
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

export function maxLifetimeSeconds(env: NodeJS.ProcessEnv) {
  return integerSetting(env, 'JWT_MAX_LIFETIME_SECONDS', 24 * 3600, {
    min: 60,
    max: 366 * 24 * 3600,
  });
}

export function readTokenConfig(env: NodeJS.ProcessEnv, developmentMode: boolean): TokenConfig {
  const jwksUrl = optionalUrl(env, 'JWT_JWKS_URL');
  const oidcIssuer = optionalUrl(env, 'OIDC_ISSUER');
  if (jwksUrl === undefined && oidcIssuer === undefined)
    return {
      kind: 'shared-secret',
      settings: {
        secret: jwtSecret(env, developmentMode),
        issuer: env.JWT_ISSUER ?? 'auction-stream',
        audience: env.JWT_AUDIENCE ?? 'auction-api',
        maxLifetimeSeconds: maxLifetimeSeconds(env),
      },
    };
  const origin = jwksUrl ? 'JWT_JWKS_URL' : 'OIDC_ISSUER';
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET !== '')
    throw new ConfigError(
      'JWT_SECRET',
      `JWT_SECRET is set, and so is ${origin}: tokens come from the identity provider and no token signed with a shared secret is accepted. Unset JWT_SECRET, or unset JWT_JWKS_URL and OIDC_ISSUER to use the shared secret.`,
    );
  const issuer = nonEmpty(env.JWT_ISSUER) ?? oidcIssuer;
  if (issuer === undefined)
    throw new ConfigError(
      'JWT_ISSUER',
      'JWT_JWKS_URL is set but JWT_ISSUER is not: set it to the `iss` your identity provider writes in its tokens (or set OIDC_ISSUER, which it defaults to).',
    );
  const audience = nonEmpty(env.JWT_AUDIENCE);
  if (audience === undefined)
    throw new ConfigError(
      'JWT_AUDIENCE',
      `${origin} is set but JWT_AUDIENCE is not: set it to the \`aud\` the identity provider writes in tokens meant for this API (the resource indicator or API identifier registered there).`,
    );
  const userClaim = env.JWT_USER_CLAIM ?? 'sub';
  if (!CLAIM_NAME.test(userClaim))
    throw new ConfigError(
      'JWT_USER_CLAIM',
      `JWT_USER_CLAIM=${JSON.stringify(userClaim)} is not valid: give the name of the token claim that names the user, such as sub (the default) or preferred_username.`,
    );
  return {
    kind: 'provider',
    provider: {
      jwksUrl,
      oidcIssuer,
      issuer,
      audience,
      userClaim,
      maxLifetimeSeconds: maxLifetimeSeconds(env),
      keyRefetchCooldownSeconds: integerSetting(
        env,
        'JWT_JWKS_COOLDOWN_SECONDS',
        DEFAULT_KEY_REFETCH_COOLDOWN_SECONDS,
        { min: 0, max: 3600 },
      ),
      keyCacheMaxAgeSeconds: integerSetting(
        env,
        'JWT_JWKS_CACHE_MAX_AGE_SECONDS',
        DEFAULT_KEY_CACHE_MAX_AGE_SECONDS,
        { min: 1, max: 7 * 24 * 3600 },
      ),
      pageClientId: nonEmpty(env.OIDC_CLIENT_ID),
      pageScope: nonEmpty(env.OIDC_SCOPE) ?? 'openid',
    },
  };
}

/** Whether tokens are checked with the published development secret. */
export const usesDevelopmentSecret = (tokens: TokenConfig) =>
  tokens.kind === 'shared-secret' && tokens.settings.secret === DEVELOPMENT_JWT_SECRET;

const nonEmpty = (value: string | undefined) => (value === '' ? undefined : value);

/** An http(s) URL setting, or undefined when unset. */
function optionalUrl(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const raw = nonEmpty(env[variable]);
  if (raw === undefined) return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new ConfigError(
      variable,
      `${variable}=${JSON.stringify(raw)} is not valid: give an absolute http(s) URL, such as https://login.example.com/realms/auction${variable === 'JWT_JWKS_URL' ? '/protocol/openid-connect/certs' : ''}.`,
    );
  return raw;
}
