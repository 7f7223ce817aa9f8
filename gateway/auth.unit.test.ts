/** Only an HS256 token signed with our secret, for our issuer and audience, unexpired, names a user. */
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { issueToken, verifyToken, type TokenSettings } from './auth.js';
import { ApiError } from './problems.js';

const settings: TokenSettings = {
  secret: 'a-test-secret-that-is-at-least-32-characters',
  issuer: 'auction-stream',
  audience: 'auction-api',
};
const secretKey = new TextEncoder().encode(settings.secret);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token like ours, with one thing changed. */
function token(
  change: { issuer?: string; audience?: string; expiresAt?: number | string; alg?: string } = {},
) {
  return new SignJWT({})
    .setProtectedHeader({ alg: change.alg ?? 'HS256' })
    .setSubject('alice')
    .setIssuer(change.issuer ?? settings.issuer)
    .setAudience(change.audience ?? settings.audience)
    .setExpirationTime(change.expiresAt ?? '1h');
}

async function expectUnauthorized(jwt: string) {
  const refusal = await verifyToken(settings, jwt).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(ApiError);
  expect(refusal).toMatchObject({ status: 401, code: 'unauthorized' });
}

describe('verifyToken', () => {
  it('accepts a token it issued, naming its subject', async () => {
    expect(await verifyToken(settings, await issueToken(settings, 'alice'))).toBe('alice');
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const claims = { sub: 'alice', iss: settings.issuer, aud: settings.audience, exp: 2e9 };
    await expectUnauthorized(`${base64url({ alg: 'none' })}.${base64url(claims)}.`);
  });

  it('refuses a token signed with another secret', async () => {
    const other = new TextEncoder().encode('another-secret-that-is-also-long-enough!!');
    await expectUnauthorized(await token().sign(other));
  });

  it('refuses a wrong issuer or audience', async () => {
    await expectUnauthorized(await token({ issuer: 'someone-else' }).sign(secretKey));
    await expectUnauthorized(await token({ audience: 'another-api' }).sign(secretKey));
  });

  it('refuses an expired token, and one without an expiry', async () => {
    await expectUnauthorized(await issueToken(settings, 'alice', -10));
    const noExpiry = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience);
    await expectUnauthorized(await noExpiry.sign(secretKey));
  });

  it('refuses other algorithms: HS512 with our secret, RS256 with any key', async () => {
    await expectUnauthorized(await token({ alg: 'HS512' }).sign(secretKey));
    const { privateKey } = await generateKeyPair('RS256');
    await expectUnauthorized(await token({ alg: 'RS256' }).sign(privateKey));
  });

  it('refuses garbage', async () => {
    await expectUnauthorized('not.a.jwt');
    await expectUnauthorized('x'.repeat(5000));
  });
});
