/**
 * Tokens from a real OpenID provider (oidc-provider on a local port, gateway/testing/
 * oidc-test-provider.ts), got through the authorization code flow with PKCE, on a gateway
 * configured as an operator would (OIDC_ISSUER, JWT_AUDIENCE, …, through readTokenConfig and the
 * discovery document): accepted over HTTP and the WebSocket for each of RS256, ES256 and EdDSA,
 * refused when signed with a shared secret (HS256), and after a key rotation the old key's tokens
 * are refused and the new key's accepted. The oracle is the provider and the token's own claims,
 * read with jose's decoder, not the gateway's verifier.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-errors.js';
import { readTokenConfig } from '../config/token-config.js';
import { published } from '../testing/in-memory-ports.js';
import {
  startTestProvider,
  TEST_AUDIENCE,
  CLIENT_FOR,
  type SigningAlgorithm,
  type TestProvider,
} from '../testing/oidc-test-provider.js';
import { call, openAuction, startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { tokenVerification } from './token-verification.js';

const AUCTION = 'a1a1a1a1-0000-4000-8000-0000000000e1';
let provider: TestProvider;
let gateway: TestGateway;
let bidKey = 0;

/** The gateway's settings for the test's provider, as an operator would write them. */
const providerEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  OIDC_ISSUER: provider.issuer,
  JWT_AUDIENCE: TEST_AUDIENCE,
  OIDC_CLIENT_ID: CLIENT_FOR.RS256,
  // A rotation is seen within a second here; the default (30 s) has its own test below.
  JWT_JWKS_COOLDOWN_SECONDS: '1',
  ...extra,
});

const verificationFor = (env: NodeJS.ProcessEnv) =>
  tokenVerification(readTokenConfig(env, false), false);

beforeAll(async () => {
  provider = await startTestProvider({ preferredUsernames: { 'u-1001': 'Zoë Smith' } });
  gateway = await startTestGateway({ tokens: await verificationFor(providerEnv()) });
}, 30_000);
afterAll(async () => {
  await gateway?.close();
  await provider?.stop();
});

/** A bid with `token` on the fast path (its own token memory): the status, and who bid. */
async function bidWith(token: string) {
  gateway.world.put(openAuction(AUCTION));
  const before = gateway.publisher.commands.length;
  const answer = await call(gateway, 'POST', `/auctions/${AUCTION}/bids`, {
    token,
    body: { maxAmount: '12.00' },
    headers: { 'idempotency-key': `oidc-${++bidKey}` },
  });
  const command = published(gateway.publisher).slice(before)[0];
  return { status: answer.status, body: answer.body, userId: command?.fields.issuedBy };
}

/** GET /me/bids with `token` (Express's middleware, with a token memory of its own): the status. */
const meWith = async (token: string) => (await call(gateway, 'GET', '/me/bids', { token })).status;

/** Opens the WebSocket with `token`: the welcome's user, or the upgrade's refusal status. */
async function socketWith(
  token: string,
  on: TestGateway = gateway,
): Promise<{ userId?: unknown; refused?: number }> {
  const socket = new WebSocket(`${on.wsUrl}?token=${token}`);
  try {
    return await new Promise((resolve, reject) => {
      socket.once('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        resolve({ userId: message.userId });
      });
      socket.once('unexpected-response', (_request, response) =>
        resolve({ refused: response.statusCode }),
      );
      socket.once('error', reject);
    });
  } finally {
    socket.terminate();
  }
}

describe('a gateway whose tokens come from an OpenID provider', () => {
  it('tells the page to sign in at the provider, with the endpoints its discovery names', async () => {
    const discovery = (await (
      await fetch(`${provider.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    const answer = await call(gateway, 'GET', '/auth/config');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      mode: 'provider',
      issuer: provider.issuer,
      authorizationEndpoint: discovery.authorization_endpoint,
      tokenEndpoint: discovery.token_endpoint,
      clientId: CLIENT_FOR.RS256,
      audience: TEST_AUDIENCE,
      scope: 'openid',
      userClaim: 'sub',
    });
  });

  it("lets the page's scripts call the provider's token endpoint (CSP connect-src), nothing more", async () => {
    const csp = (await call(gateway, 'GET', '/')).headers.get('content-security-policy') ?? '';
    const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.split(' ');
    expect(connect).toContain(provider.issuer);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("form-action 'self';");
  });

  it.each(['RS256', 'ES256', 'EdDSA'] as const)(
    'accepts a %s token of a signed-in user over HTTP and the WebSocket',
    async (alg: SigningAlgorithm) => {
      const token = await provider.signIn('alice', alg);
      expect(decodeProtectedHeader(token).alg).toBe(alg);
      expect(decodeJwt(token)).toMatchObject({ sub: 'alice', aud: TEST_AUDIENCE });
      expect(await bidWith(token)).toMatchObject({ status: 202, userId: 'alice' });
      expect(await meWith(token)).toBe(200);
      expect(await socketWith(token)).toEqual({ userId: 'alice' });
    },
  );

  it('tells a request without a token to get one from the provider, not from npm run token', async () => {
    const answer = await call(gateway, 'GET', '/me/bids');
    expect(answer.status).toBe(401);
    const detail = (answer.body as { detail: string }).detail;
    expect(detail).toContain(`the identity provider ${provider.issuer}`);
    expect(detail).not.toContain('npm run token');
  });

  it('refuses a token signed with a shared secret (HS256), whatever its claims', async () => {
    const claims = decodeJwt(await provider.signIn('alice'));
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .sign(new TextEncoder().encode('a-secret-of-at-least-32-bytes-long!!'));
    const bid = await bidWith(forged);
    expect(bid).toMatchObject({ status: 401, userId: undefined });
    expect((bid.body as { detail: string }).detail).toContain('"HS256"');
    expect(await meWith(forged)).toBe(401);
    expect(await socketWith(forged)).toEqual({ refused: 401 });
  });

  it('refuses tokens of the withdrawn key after a rotation, and accepts the new key', async () => {
    const old = await provider.signIn('alice', 'ES256');
    // Remembered by both token memories before the rotation.
    expect(await bidWith(old)).toMatchObject({ status: 202, userId: 'alice' });
    expect(await meWith(old)).toBe(200);
    const oldKeys = provider.keyIds();

    await provider.rotateKeys();
    const fresh = await provider.signIn('bob', 'ES256');
    expect(provider.keyIds()).not.toContain(decodeProtectedHeader(old).kid);
    expect(oldKeys).not.toContain(decodeProtectedHeader(fresh).kid);
    // The new key id makes the gateway fetch the keys anew, once the cooldown (1 s here) is over.
    await expect
      .poll(async () => (await bidWith(fresh)).status, { timeout: 5000, interval: 250 })
      .toBe(202);
    expect(await bidWith(fresh)).toMatchObject({ status: 202, userId: 'bob' });
    expect(await meWith(fresh)).toBe(200);
    expect(await socketWith(fresh)).toEqual({ userId: 'bob' });

    const refused = await bidWith(old);
    expect(refused).toMatchObject({ status: 401, userId: undefined });
    expect((refused.body as { detail: string }).detail).toContain('does not publish');
    expect(await meWith(old)).toBe(401);
    expect(await socketWith(old)).toEqual({ refused: 401 });
  });

  it('fetches the keys no more within 30 s (the default cooldown) of a fetch, however many unknown key ids come', async () => {
    const verifier = (await verificationFor(providerEnv({ JWT_JWKS_COOLDOWN_SECONDS: undefined })))
      .verifier;
    const token = await provider.signIn('carol', 'RS256');
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'carol' });
    const fetched = provider.jwksRequests();
    const { kid, alg } = decodeProtectedHeader(token);
    const unknownKids = Array.from({ length: 20 }, (_, i) =>
      // A valid token's payload and signature under made-up key ids.
      token.replace(
        /^[^.]+/,
        Buffer.from(JSON.stringify({ alg, typ: 'at+jwt', kid: `${kid}-${i}` })).toString(
          'base64url',
        ),
      ),
    );
    for (const forged of unknownKids)
      await expect(verifier.verify(forged)).rejects.toMatchObject({ status: 401 });
    expect(provider.jwksRequests()).toBe(fetched);
  });

  it('takes the user from JWT_USER_CLAIM when set (here preferred_username)', async () => {
    const { verifier } = await verificationFor(
      providerEnv({ JWT_USER_CLAIM: 'preferred_username' }),
    );
    const token = await provider.signIn('u-1001', 'EdDSA');
    expect(decodeJwt(token)).toMatchObject({ sub: 'u-1001', preferred_username: 'Zoë Smith' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'Zoë Smith' });
    // An account without the claim names no user.
    await expect(verifier.verify(await provider.signIn('alice'))).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('preferred_username') as string,
    });
  });

  it('refuses tokens for another audience', async () => {
    const { verifier } = await verificationFor(
      providerEnv({ JWT_AUDIENCE: 'https://elsewhere.test/api' }),
    );
    await expect(verifier.verify(await provider.signIn('alice'))).rejects.toMatchObject({
      status: 401,
    });
  });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort() {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

describe('a provider whose keys cannot be fetched', () => {
  it('answers 503 (retry), not 401, over HTTP and the WebSocket: the token is not at fault', async () => {
    const keyless = await startTestGateway({
      tokens: await verificationFor({
        JWT_JWKS_URL: `http://127.0.0.1:${await closedPort()}/jwks`,
        JWT_ISSUER: provider.issuer,
        JWT_AUDIENCE: TEST_AUDIENCE,
      }),
    });
    try {
      const token = await provider.signIn('alice');
      const answer = await call(keyless, 'GET', '/me/bids', { token });
      expect(answer).toMatchObject({ status: 503, body: { code: 'unavailable' } });
      expect(await socketWith(token, keyless)).toEqual({ refused: 503 });
    } finally {
      await keyless.close();
    }
  });
});

describe('starting with a provider that cannot be read', () => {
  it('says which setting, what went wrong, and what to set', async () => {
    const port = await closedPort();
    const refusal = await verificationFor(
      providerEnv({ OIDC_ISSUER: `http://127.0.0.1:${port}` }),
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ConfigError);
    expect(refusal).toMatchObject({ variable: 'OIDC_ISSUER' });
    const { message } = refusal as ConfigError;
    expect(message).toContain(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
    expect(message).toContain('could not be read');
    expect(message).toContain('JWT_JWKS_URL');
  });

  it('refuses a discovery document of another issuer', async () => {
    const refusal = await verificationFor(
      providerEnv({ OIDC_ISSUER: `${provider.issuer}/` }),
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as Error).message).toContain(`calls itself ${provider.issuer}`);
  });
});
