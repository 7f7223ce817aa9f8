/** The security settings: defaults that keep the web page working, and strict parsing. */
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.js';

describe('readGatewayConfig security settings', () => {
  it('allows only the gateway’s own origins by default, with a generous bid rate', () => {
    const config = readGatewayConfig({ GATEWAY_PORT: '9123' });
    expect(config.allowedOrigins).toEqual(['http://localhost:9123', 'http://127.0.0.1:9123']);
    expect(config.bidRateLimit).toEqual({ perSecond: 50, burst: 100 });
    expect(config.wsMaxPayloadBytes).toBe(16 * 1024);
  });

  it('takes a comma-separated origin list, normalised to scheme://host[:port]', () => {
    const config = readGatewayConfig({
      GATEWAY_ALLOWED_ORIGINS: 'https://auctions.example.com/, http://localhost:3000',
    });
    expect(config.allowedOrigins).toEqual([
      'https://auctions.example.com',
      'http://localhost:3000',
    ]);
  });

  it('refuses bad values at start', () => {
    expect(() => readGatewayConfig({ GATEWAY_ALLOWED_ORIGINS: 'not a url' })).toThrow();
    expect(() => readGatewayConfig({ BID_RATE_LIMIT_PER_SECOND: '0' })).toThrow();
    expect(() => readGatewayConfig({ BID_RATE_LIMIT_PER_SECOND: 'lots' })).toThrow();
    expect(() => readGatewayConfig({ WS_MAX_PAYLOAD_BYTES: '10' })).toThrow();
  });
});
