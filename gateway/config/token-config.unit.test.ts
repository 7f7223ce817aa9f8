/** Which tokens the gateway accepts: a shared secret by default, a provider's keys when named. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-errors.js';
import { readTokenConfig } from './token-config.js';

const JWKS = 'https://login.example.com/keys';
const ISSUER = 'https://login.example.com/';

function refusal(env: NodeJS.ProcessEnv) {
  try {
    readTokenConfig(env, false);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('the configuration was accepted');
}

describe('readTokenConfig', () => {
  it('uses the shared secret unless JWT_JWKS_URL or OIDC_ISSUER is set', () => {
    expect(readTokenConfig({}, true).kind).toBe('shared-secret');
  });

  it('with JWT_JWKS_URL needs the issuer and audience, and defaults the rest', () => {
    expect(
      readTokenConfig({ JWT_JWKS_URL: JWKS, JWT_ISSUER: ISSUER, JWT_AUDIENCE: 'api' }, false),
    ).toEqual({
      kind: 'provider',
      provider: {
        jwksUrl: JWKS,
        oidcIssuer: undefined,
        issuer: ISSUER,
        audience: 'api',
        userClaim: 'sub',
        maxLifetimeSeconds: 86_400,
        keyRefetchCooldownSeconds: 30,
        keyCacheMaxAgeSeconds: 600,
        pageClientId: undefined,
        pageScope: 'openid',
      },
    });
    expect(refusal({ JWT_JWKS_URL: JWKS, JWT_AUDIENCE: 'api' })).toMatchObject({
      variable: 'JWT_ISSUER',
    });
    expect(refusal({ JWT_JWKS_URL: JWKS, JWT_ISSUER: ISSUER })).toMatchObject({
      variable: 'JWT_AUDIENCE',
    });
  });

  it('takes the issuer from OIDC_ISSUER, and the user claim from JWT_USER_CLAIM', () => {
    const config = readTokenConfig(
      {
        OIDC_ISSUER: ISSUER,
        JWT_AUDIENCE: 'api',
        JWT_USER_CLAIM: 'preferred_username',
        OIDC_CLIENT_ID: 'page',
      },
      false,
    );
    expect(config).toMatchObject({
      provider: {
        issuer: ISSUER,
        oidcIssuer: ISSUER,
        userClaim: 'preferred_username',
        pageClientId: 'page',
      },
    });
  });

  it('refuses a shared secret beside a provider, and says what to unset', () => {
    const error = refusal({
      JWT_JWKS_URL: JWKS,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: 'api',
      JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!',
    });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'JWT_SECRET' });
    expect(error.message).toContain('Unset JWT_SECRET');
  });

  it('refuses URLs that are not http(s), and claim names that are not plain', () => {
    expect(refusal({ JWT_JWKS_URL: 'login.example.com/keys' })).toMatchObject({
      variable: 'JWT_JWKS_URL',
    });
    expect(refusal({ OIDC_ISSUER: 'file:///etc/keys' })).toMatchObject({ variable: 'OIDC_ISSUER' });
    expect(
      refusal({ OIDC_ISSUER: ISSUER, JWT_AUDIENCE: 'api', JWT_USER_CLAIM: 'a b' }),
    ).toMatchObject({ variable: 'JWT_USER_CLAIM' });
  });
});
