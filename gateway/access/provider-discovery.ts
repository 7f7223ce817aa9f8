/**
 * An OpenID provider's discovery document (OpenID Connect Discovery 1.0 §4), read once at start:
 * where its keys, its authorization endpoint and its token endpoint are. A provider that cannot
 * be read, or whose document is not its own (another `issuer`), stops the start with a
 * ConfigError saying what to set.
 */
import { z } from 'zod';
import { ConfigError } from '../config/config-errors.js';

export interface ProviderEndpoints {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly authorizationEndpoint: string | undefined;
  readonly tokenEndpoint: string | undefined;
}

const DISCOVERY_TIMEOUT_MS = 10_000;

const discoveryDocument = z.object({
  issuer: z.string().url(),
  jwks_uri: z.string().url(),
  authorization_endpoint: z.string().url().optional(),
  token_endpoint: z.string().url().optional(),
});

/** The discovery document's URL: the issuer with any trailing slash dropped, then the well-known path. */
export const discoveryUrl = (issuer: string) =>
  `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;

export async function discoverProvider(oidcIssuer: string): Promise<ProviderEndpoints> {
  const url = discoveryUrl(oidcIssuer);
  const refuse = (why: string) =>
    new ConfigError(
      'OIDC_ISSUER',
      `OIDC_ISSUER=${oidcIssuer}: ${why}. Check that the provider is up and that OIDC_ISSUER is its issuer URL exactly as its tokens say (iss); or set JWT_JWKS_URL (its key set) and JWT_ISSUER instead.`,
    );
  let body: unknown;
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
    });
    if (!response.ok) throw refuse(`${url} answered ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const cause = error instanceof Error ? (error.cause ?? error) : error;
    throw refuse(
      `${url} could not be read (${cause instanceof Error ? cause.message : String(cause)})`,
    );
  }
  const parsed = discoveryDocument.safeParse(body);
  if (!parsed.success)
    throw refuse(`${url} is not an OpenID discovery document (it needs issuer and jwks_uri)`);
  const document = parsed.data;
  if (document.issuer !== oidcIssuer)
    throw refuse(`the provider calls itself ${document.issuer}, not ${oidcIssuer}`);
  return {
    issuer: document.issuer,
    jwksUri: document.jwks_uri,
    authorizationEndpoint: document.authorization_endpoint,
    tokenEndpoint: document.token_endpoint,
  };
}
