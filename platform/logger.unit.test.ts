import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

/** A logger whose lines are kept as they would be written. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('test', 'debug', destination), lines };
}

const SECRETS = [
  'hunter2-db-password',
  'jwt-signing-secret',
  'tok-3f9a77',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl',
  'redis-pass-99',
  'cookie-session-1',
];

describe('createLogger', () => {
  it('never writes a password, token, secret, authorization header or connection string password', () => {
    const { logger, lines } = capturedLogger();
    const child = logger.child({
      config: { databaseUrl: 'postgres://auction:hunter2-db-password@db:5432/auction' },
    });
    child.info(
      {
        password: 'hunter2-db-password',
        jwtSecret: 'jwt-signing-secret',
        token: 'tok-3f9a77',
        req: {
          headers: {
            authorization: `Bearer ${SECRETS[3]}`,
            cookie: 'session=cookie-session-1',
          },
        },
        redisUrl: 'redis://:redis-pass-99@cache:6379',
        deep: { deeper: { deepest: { refreshToken: 'tok-3f9a77' } } },
      },
      'started',
    );
    logger.error(
      {
        err: new Error('connect failed for postgres://auction:hunter2-db-password@db:5432/auction'),
      },
      `retrying with Authorization: Bearer ${SECRETS[3]} and password=hunter2-db-password`,
    );
    const written = lines.join('');
    for (const secret of SECRETS) expect(written).not.toContain(secret);
    expect(lines).toHaveLength(2);
    // Still one JSON record per line, with what is not secret kept.
    const [started, failed] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(started).toMatchObject({
      msg: 'started',
      password: '[redacted]',
      token: '[redacted]',
      config: { databaseUrl: 'postgres://auction:[redacted]@db:5432/auction' },
      redisUrl: 'redis://:[redacted]@cache:6379',
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } },
      deep: { deeper: { deepest: { refreshToken: '[redacted]' } } },
    });
    expect(failed?.msg).toBe(
      'retrying with Authorization: Bearer [redacted] and password=[redacted]',
    );
    expect(JSON.stringify(failed?.err)).toContain('postgres://auction:[redacted]@db:5432/auction');
  });

  it('leaves ordinary fields alone', () => {
    const { logger, lines } = capturedLogger();
    logger.info({ auctionId: 'a-1', url: 'http://127.0.0.1:8080/auctions', tokens: 3 }, 'ok');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      auctionId: 'a-1',
      url: 'http://127.0.0.1:8080/auctions',
      tokens: 3,
      msg: 'ok',
    });
  });
});
