/**
 * A real OpenID provider (oidc-provider, a certified implementation) on a local port, for tests:
 * one public client per signing algorithm (RS256, ES256, EdDSA), each issuing JWT access tokens
 * (RFC 9068) for one resource indicator, the gateway's audience. Users sign in through the
 * provider's development interactions (any login, any password: the login is the account id,
 * which is the tokens' `sub`). `rotateKeys` restarts it on the same port with new keys, as a
 * provider that rotated and withdrew its old keys would publish.
 *
 * `signIn` drives the authorization code flow with PKCE over HTTP as a browser would (follow the
 * redirects, fill the login form, confirm the consent), then exchanges the code at the token
 * endpoint: the one grant that gives a user's subject (client credentials has no user; ROPC is
 * not in oidc-provider).
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { errors, type Configuration } from 'oidc-provider';

/** The gateway's audience, as a resource indicator (RFC 8707: an absolute URI). */
export const TEST_AUDIENCE = 'https://auctions.test/api';

/** Which client id asks for tokens signed with which algorithm. */
export const CLIENT_FOR = {
  RS256: 'page-rs256',
  ES256: 'page-es256',
  EdDSA: 'page-eddsa',
} as const;
export type SigningAlgorithm = keyof typeof CLIENT_FOR;

const ALGORITHM_OF = new Map<string, SigningAlgorithm>(
  Object.entries(CLIENT_FOR).map(([alg, client]) => [client, alg as SigningAlgorithm]),
);

/** One private signing key per algorithm, each with its own key id. */
async function newSigningKeys(): Promise<JWK[]> {
  const generation = randomBytes(4).toString('hex');
  return Promise.all(
    (['RS256', 'ES256', 'EdDSA'] as const).map(async (alg) => {
      const { privateKey } = await generateKeyPair(alg, { extractable: true });
      return { ...(await exportJWK(privateKey)), kid: `${alg}-${generation}`, alg, use: 'sig' };
    }),
  );
}

export interface TestProviderOptions {
  /** A `preferred_username` to write into the access tokens of these accounts. */
  readonly preferredUsernames?: Readonly<Record<string, string>>;
}

/** Where the HTTP-driven sign-in asks to be sent back; nothing listens there. */
export const TEST_REDIRECT_URI = 'http://127.0.0.1:9/callback';

function configuration(
  keys: JWK[],
  options: TestProviderOptions,
  redirectUris: readonly string[],
): Configuration {
  return {
    clients: Object.values(CLIENT_FOR).map((clientId) => ({
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [TEST_REDIRECT_URI, ...redirectUris],
    })),
    jwks: { keys },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    // Said, so that the provider does not warn of its defaults on every start.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    // The page calls the token endpoint from its own origin.
    clientBasedCORS: () => true,
    findAccount: (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
    extraTokenClaims: (_ctx, token) => {
      const account = 'accountId' in token ? token.accountId : undefined;
      const name = account === undefined ? undefined : options.preferredUsernames?.[account];
      return name === undefined ? undefined : { preferred_username: name };
    },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => TEST_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          if (indicator !== TEST_AUDIENCE) throw new errors.InvalidTarget();
          return {
            scope: 'bid',
            audience: TEST_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 600,
            jwt: { sign: { alg: ALGORITHM_OF.get(client.clientId) ?? 'RS256' } },
          };
        },
      },
    },
  };
}

export async function startTestProvider(options: TestProviderOptions = {}) {
  let keys = await newSigningKeys();
  const redirectUris: string[] = [];
  let server: Server = await listen(0);
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  let jwksRequests = 0;

  async function listen(at: number) {
    const provider = new Provider(
      at === 0 ? 'http://127.0.0.1' : `http://127.0.0.1:${at}`,
      configuration(keys, options, redirectUris),
    );
    // The issuer names the port, known only once listening: the first start binds, then restarts.
    provider.use(async (ctx, next) => {
      if (ctx.path === '/jwks') jwksRequests += 1;
      // No kept-alive connection outlives a restart (rotateKeys) to fail the next request.
      ctx.set('connection', 'close');
      await next();
    });
    const started = provider.listen(at, '127.0.0.1');
    await once(started, 'listening');
    return started;
  }

  async function stop() {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  // Restart with the issuer's real port in it.
  await stop();
  server = await listen(port);

  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    /** How many times the key set was fetched. */
    jwksRequests: () => jwksRequests,
    /** The key ids it signs with now. */
    keyIds: () => keys.map((key) => key.kid!),
    /** Lets the clients be sent back to `uri` (a gateway's page, known once it listens). */
    async addRedirectUri(uri: string) {
      redirectUris.push(uri);
      await stop();
      server = await listen(port);
    },
    /** New keys, the old ones withdrawn; sessions and grants are lost with the restart. */
    async rotateKeys() {
      keys = await newSigningKeys();
      await stop();
      server = await listen(port);
    },
    /** An access token for `login`, signed with `alg`, got through the authorization code flow. */
    signIn: (login: string, alg: SigningAlgorithm = 'RS256') =>
      authorizationCodeFlow(issuer, login, CLIENT_FOR[alg]),
    stop,
  };
}

export type TestProvider = Awaited<ReturnType<typeof startTestProvider>>;

/** Cookies as a browser keeps them for one site (paths ignored: sending more does no harm here). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

async function authorizationCodeFlow(issuer: string, login: string, clientId: string) {
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const authorize = new URL(`${issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: TEST_REDIRECT_URI,
    scope: 'openid',
    resource: TEST_AUDIENCE,
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  const jar = new CookieJar();
  const request = async (url: string, form?: Record<string, string>) => {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    jar.take(response);
    return response;
  };

  let response = await request(authorize.href);
  // Login, then consent: each an interaction page whose form posts back to its own URL.
  for (let step = 0; step < 10; step += 1) {
    const location = response.headers.get('location');
    if (location === null)
      throw new Error(`the provider answered ${response.status}: ${await response.text()}`);
    const next = new URL(location, issuer);
    if (next.href.startsWith(TEST_REDIRECT_URI)) {
      if (next.searchParams.get('state') !== state) throw new Error('the state came back changed');
      const code = next.searchParams.get('code');
      if (code === null) throw new Error(`no code: ${next.search}`);
      return exchange(issuer, clientId, code, verifier);
    }
    if (next.pathname.startsWith('/interaction/')) {
      const page = await (await request(next.href)).text();
      response = await request(
        next.href,
        page.includes('name="login"')
          ? { prompt: 'login', login, password: 'any' }
          : { prompt: 'consent' },
      );
    } else {
      response = await request(next.href);
    }
  }
  throw new Error('the sign-in did not come back with a code');
}

async function exchange(issuer: string, clientId: string, code: string, verifier: string) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_REDIRECT_URI,
      client_id: clientId,
      code_verifier: verifier,
      resource: TEST_AUDIENCE,
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || body.access_token === undefined)
    throw new Error(`the token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}
