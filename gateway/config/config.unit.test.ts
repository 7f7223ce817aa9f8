/** The gateway's settings: safe defaults, development mode only when asked, strict parsing. */
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.js';
import { ConfigError } from './config-errors.js';
import { DEVELOPMENT_JWT_SECRET } from './development-mode.js';

const SECRET = 'a-production-secret-of-at-least-32-bytes!';
const production = (env: NodeJS.ProcessEnv = {}) =>
  readGatewayConfig({ JWT_SECRET: SECRET, ...env });

/** The shared secret's settings, which every configuration without a provider has. */
function secretSettings(config: ReturnType<typeof readGatewayConfig>) {
  if (config.tokens.kind !== 'shared-secret') throw new Error(`tokens: ${config.tokens.kind}`);
  return config.tokens.settings;
}

function refusal(env: NodeJS.ProcessEnv) {
  try {
    readGatewayConfig(env);
  } catch (error) {
    return error;
  }
  throw new Error('the configuration was accepted');
}

describe('readGatewayConfig', () => {
  it('binds 127.0.0.1, trusts no proxy, and allows only its own origins by default', () => {
    const config = production({ GATEWAY_PORT: '9123' });
    expect(config.host).toBe('127.0.0.1');
    expect(config.trustProxy).toBe(false);
    expect(config.developmentMode).toBe(false);
    expect(config.allowedOrigins).toEqual(['http://localhost:9123', 'http://127.0.0.1:9123']);
    expect(config.wsMaxPayloadBytes).toBe(16 * 1024);
    expect(production({ GATEWAY_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('takes a comma-separated origin list, normalised to scheme://host[:port]', () => {
    const config = production({
      GATEWAY_ALLOWED_ORIGINS: 'https://auctions.example.com/, http://localhost:3000',
    });
    expect(config.allowedOrigins).toEqual([
      'https://auctions.example.com',
      'http://localhost:3000',
    ]);
  });

  it('has a default for every limit', () => {
    expect(production().limits).toEqual({
      bidsPerUser: { perSecond: 50, burst: 100 },
      bidsPerAddress: { perSecond: 100, burst: 100 },
      auctionsPerUserPerMinute: 60,
      auctionsPerAddressPerMinute: 300,
      devTokensPerAddressPerMinute: 60,
      auction: { startSkewSeconds: 300, maxStartAheadDays: 365, maxDurationDays: 30 },
      webSocket: {
        maxSubscriptionsPerConnection: 100,
        maxConnectionsPerUser: 10,
        maxConnectionsPerAddress: 100,
        framesPerSecond: 50,
        frameBurst: 200,
      },
      idempotencyKeyTtlSeconds: 86_400,
    });
    expect(secretSettings(production()).maxLifetimeSeconds).toBe(86_400);
  });

  it('refuses bad values at start, naming the variable', () => {
    for (const [variable, value] of [
      ['BID_RATE_LIMIT_PER_SECOND', '0'],
      ['BID_RATE_LIMIT_PER_SECOND', 'lots'],
      ['BID_RATE_LIMIT_PER_ADDRESS_BURST', '1.5'],
      ['AUCTION_RATE_LIMIT_PER_MINUTE', ''],
      ['AUCTION_START_SKEW_SECONDS', '-1'],
      ['AUCTION_MAX_DURATION_DAYS', '0'],
      ['WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', '1e3'],
      ['WS_MAX_FRAMES_PER_SECOND', ' '],
      ['JWT_MAX_LIFETIME_SECONDS', '99999999999'],
      ['GATEWAY_TRUST_PROXY', 'everyone'],
      ['DEVELOPMENT_MODE', 'yes'],
      ['GATEWAY_HEADERS_TIMEOUT_MS', '999'],
      ['GATEWAY_HEADERS_TIMEOUT_MS', '120001'],
      ['GATEWAY_REQUEST_TIMEOUT_MS', '600001'],
      ['GATEWAY_KEEP_ALIVE_TIMEOUT_MS', '0'],
    ] as const) {
      const error = refusal({ JWT_SECRET: SECRET, [variable]: value });
      expect(error, `${variable}=${value}`).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toContain(variable);
    }
    expect(() => production({ GATEWAY_ALLOWED_ORIGINS: 'not a url' })).toThrow();
    expect(() => production({ WS_MAX_PAYLOAD_BYTES: '10' })).toThrow();
  });

  it('cuts slow requests: headers in 10 s, the whole request in 30 s, an idle connection in 5 s', () => {
    expect(production().serverTimeouts).toEqual({
      headersMs: 10_000,
      requestMs: 30_000,
      keepAliveMs: 5_000,
    });
    expect(
      production({
        GATEWAY_HEADERS_TIMEOUT_MS: '2000',
        GATEWAY_REQUEST_TIMEOUT_MS: '4000',
        GATEWAY_KEEP_ALIVE_TIMEOUT_MS: '1000',
      }).serverTimeouts,
    ).toEqual({ headersMs: 2000, requestMs: 4000, keepAliveMs: 1000 });
  });

  it('refuses a headers time-out longer than the request time-out', () => {
    const error = refusal({
      JWT_SECRET: SECRET,
      GATEWAY_HEADERS_TIMEOUT_MS: '20000',
      GATEWAY_REQUEST_TIMEOUT_MS: '15000',
    });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('GATEWAY_HEADERS_TIMEOUT_MS');
    expect((error as Error).message).toContain('GATEWAY_REQUEST_TIMEOUT_MS=15000');
  });

  it('takes a proxy hop count or a list of proxy addresses', () => {
    expect(production({ GATEWAY_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(production({ GATEWAY_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
  });
});

describe('the JWT secret and development mode', () => {
  it.each([
    ['unset', undefined, 'is not set'],
    ['empty', '', 'is not set'],
    ['shorter than 32 bytes', 'short-secret', 'shorter than 32 bytes'],
    ['the published development value', DEVELOPMENT_JWT_SECRET, 'published development secret'],
  ])('refuses to start without development mode when JWT_SECRET is %s', (_label, secret, says) => {
    const error = refusal(secret === undefined ? {} : { JWT_SECRET: secret });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(says);
    // It says what to do.
    expect((error as Error).message).toContain('DEVELOPMENT_MODE=1');
    expect((error as Error).message).toContain('at least 32 bytes');
  });

  it('counts bytes, not characters', () => {
    // 16 characters, 32 bytes in UTF-8.
    expect(secretSettings(production({ JWT_SECRET: 'ëëëëëëëëëëëëëëëë' })).secret).toHaveLength(16);
    expect(refusal({ JWT_SECRET: 'ëëëëëëëëëëëëëëë' })).toBeInstanceOf(ConfigError);
  });

  it('uses the development secret only in development mode, and says so', () => {
    const config = readGatewayConfig({ DEVELOPMENT_MODE: '1' });
    expect(config.developmentMode).toBe(true);
    expect(secretSettings(config).secret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(config.usingDevelopmentSecret).toBe(true);
    expect(
      secretSettings(readGatewayConfig({ DEVELOPMENT_MODE: '1', JWT_SECRET: SECRET })).secret,
    ).toBe(SECRET);
    // A short secret is refused in development mode too.
    expect(refusal({ DEVELOPMENT_MODE: '1', JWT_SECRET: 'short' })).toBeInstanceOf(ConfigError);
  });

  it('takes a proper secret without development mode', () => {
    const config = production();
    expect(secretSettings(config).secret).toBe(SECRET);
    expect(config.usingDevelopmentSecret).toBe(false);
    expect(readGatewayConfig({ JWT_SECRET: SECRET, DEVELOPMENT_MODE: '0' }).developmentMode).toBe(
      false,
    );
  });
});
