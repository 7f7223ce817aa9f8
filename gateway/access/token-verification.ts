/**
 * From the token configuration to what the gateway runs with (gateway/main.ts calls this once):
 * the one TokenVerifier that HTTP and the WebSocket share, how the page signs in (GET
 * /auth/config), and the settings POST /dev/token signs with (development mode without a
 * provider only). With OIDC_ISSUER the provider's discovery document is read first.
 */
import type { TokenConfig } from '../config/token-config.js';
import { sharedSecretVerifier, type TokenSettings } from './auth.js';
import { discoverProvider, type ProviderEndpoints } from './provider-discovery.js';
import { providerVerifier } from './provider-tokens.js';
import type { TokenVerifier } from './token-verifier.js';

/** How the page signs in: what GET /auth/config answers. */
export type SignIn =
  /** POST /dev/token with a user id (development mode). */
  | { readonly mode: 'development' }
  /** The authorization code flow with PKCE at the provider (gateway/web/oidc-sign-in.js). */
  | {
      readonly mode: 'provider';
      readonly issuer: string;
      readonly authorizationEndpoint: string;
      readonly tokenEndpoint: string;
      readonly clientId: string;
      /** Asked for as the resource (RFC 8707): the tokens' audience. */
      readonly audience: string;
      readonly scope: string;
      /** The claim that names the user (JWT_USER_CLAIM): the page shows it. */
      readonly userClaim: string;
    }
  /** The page cannot sign in here: tokens come from elsewhere (`npm run token`, another client). */
  | { readonly mode: 'none' };

export interface TokenVerification {
  readonly verifier: TokenVerifier;
  readonly signIn: SignIn;
  /** What POST /dev/token signs with; undefined: it is not served. */
  readonly devTokenSettings: TokenSettings | undefined;
}

export async function tokenVerification(
  tokens: TokenConfig,
  developmentMode: boolean,
): Promise<TokenVerification> {
  if (tokens.kind === 'shared-secret')
    return {
      verifier: sharedSecretVerifier(tokens.settings),
      signIn: developmentMode ? { mode: 'development' } : { mode: 'none' },
      devTokenSettings: developmentMode ? tokens.settings : undefined,
    };
  const { provider } = tokens;
  const discovered: ProviderEndpoints | undefined = provider.oidcIssuer
    ? await discoverProvider(provider.oidcIssuer)
    : undefined;
  const jwksUrl = provider.jwksUrl ?? discovered!.jwksUri;
  const canSignIn =
    provider.pageClientId !== undefined &&
    discovered?.authorizationEndpoint !== undefined &&
    discovered.tokenEndpoint !== undefined;
  return {
    verifier: providerVerifier({ ...provider, jwksUrl }),
    signIn: canSignIn
      ? {
          mode: 'provider',
          issuer: discovered.issuer,
          authorizationEndpoint: discovered.authorizationEndpoint,
          tokenEndpoint: discovered.tokenEndpoint,
          clientId: provider.pageClientId,
          audience: provider.audience,
          scope: provider.pageScope,
          userClaim: provider.userClaim,
        }
      : { mode: 'none' },
    devTokenSettings: undefined,
  };
}
