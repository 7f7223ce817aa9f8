/** Only an HS256 token signed with our secret, for our issuer and audience, unexpired, names a user. */
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { issueToken, verifyToken, type TokenSettings } from './auth.js';
import { ApiError } from '../http/problems.js';

const settings: TokenSettings = {
  secret: 'a-test-secret-that-is-at-least-32-characters',
  issuer: 'auction-stream',
  audience: 'auction-api',
  maxLifetimeSeconds: 3600,
};
const secretKey = new TextEncoder().encode(settings.secret);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token like ours, with one thing changed. */
function token(
  change: {
    issuer?: string;
    audience?: string;
    expiresAt?: number | string;
    alg?: string;
    subject?: string;
    issuedAt?: number | null;
  } = {},
) {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: change.alg ?? 'HS256' })
    .setSubject(change.subject ?? 'alice')
    .setIssuer(change.issuer ?? settings.issuer)
    .setAudience(change.audience ?? settings.audience)
    .setExpirationTime(change.expiresAt ?? '1h');
  return change.issuedAt === null ? jwt : jwt.setIssuedAt(change.issuedAt);
}

/** The token is refused with 401, and the message says `says` (what the client should know). */
async function expectUnauthorized(jwt: string, says: string) {
  const refusal = await verifyToken(settings, jwt).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(ApiError);
  expect(refusal).toMatchObject({ status: 401, code: 'unauthorized' });
  expect((refusal as Error).message).toContain(says);
}

describe('verifyToken', () => {
  it('accepts a token it issued, naming its subject', async () => {
    expect(await verifyToken(settings, await issueToken(settings, 'alice'))).toBe('alice');
  });

  it('issues tokens that live exactly the maximum, even when the clock ticks a second while signing', async () => {
    // Each clock read (Date.now() or new Date()) lands one second after the previous one.
    const RealDate = Date;
    let now = 1_700_000_000_700;
    const tick = () => (now += 1000);
    class TickingDate extends RealDate {
      constructor(...args: [] | [number]) {
        super(args.length === 0 ? tick() : args[0]);
      }
      static override now = tick;
    }
    vi.stubGlobal('Date', TickingDate);
    try {
      const jwt = await issueToken(settings, 'alice');
      const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as {
        iat: number;
        exp: number;
      };
      expect(claims.exp - claims.iat).toBe(settings.maxLifetimeSeconds);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await verifyToken(settings, await issueToken(settings, 'alice'))).toBe('alice');
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const claims = { sub: 'alice', iss: settings.issuer, aud: settings.audience, exp: 2e9 };
    await expectUnauthorized(`${base64url({ alg: 'none' })}.${base64url(claims)}.`, 'not valid');
  });

  it('refuses a token signed with another secret', async () => {
    const other = new TextEncoder().encode('another-secret-that-is-also-long-enough!!');
    await expectUnauthorized(await token().sign(other), 'not valid');
  });

  it('refuses a wrong issuer or audience', async () => {
    await expectUnauthorized(await token({ issuer: 'someone-else' }).sign(secretKey), 'not valid');
    await expectUnauthorized(await token({ audience: 'another-api' }).sign(secretKey), 'not valid');
  });

  it('refuses an expired token, and one without an expiry', async () => {
    await expectUnauthorized(await issueToken(settings, 'alice', -10), 'expired');
    const noExpiry = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience);
    await expectUnauthorized(await noExpiry.sign(secretKey), 'not valid');
  });

  it('refuses other algorithms: HS512 with our secret, RS256 with any key', async () => {
    await expectUnauthorized(await token({ alg: 'HS512' }).sign(secretKey), 'not valid');
    const { privateKey } = await generateKeyPair('RS256');
    await expectUnauthorized(await token({ alg: 'RS256' }).sign(privateKey), 'not valid');
  });

  it('refuses garbage', async () => {
    await expectUnauthorized('not.a.jwt', 'not valid');
    await expectUnauthorized('x'.repeat(5000), 'not valid');
  });

  it('names any user id, Unicode letters included', async () => {
    const zoe = 'Zoë Smith';
    expect(await verifyToken(settings, await token({ subject: zoe }).sign(secretKey))).toBe(zoe);
  });

  it('refuses a subject that is not a user id: NUL, other controls, blank, too long', async () => {
    for (const subject of ['ali\u0000ce', 'bob\n', ' ', 'x'.repeat(65), 'a/b', 'Zoe\u0308'])
      await expectUnauthorized(await token({ subject }).sign(secretKey), 'subject');
  });

  it('refuses a token that lives longer than the maximum, saying why', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectUnauthorized(
      await token({ issuedAt: now, expiresAt: now + 3601 }).sign(secretKey),
      'longer than the maximum of 3600 s',
    );
    await expectUnauthorized(
      await token({ issuedAt: now, expiresAt: now + 100 * 365 * 86400 }).sign(secretKey),
      'JWT_MAX_LIFETIME_SECONDS',
    );
    expect(
      await verifyToken(
        settings,
        await token({ issuedAt: now, expiresAt: now + 3600 }).sign(secretKey),
      ),
    ).toBe('alice');
  });

  it('refuses a token without an issue time, or issued in the future', async () => {
    await expectUnauthorized(await token({ issuedAt: null }).sign(secretKey), 'iat');
    const later = Math.floor(Date.now() / 1000) + 3600;
    await expectUnauthorized(
      await token({ issuedAt: later, expiresAt: later + 60 }).sign(secretKey),
      'future',
    );
  });
});
