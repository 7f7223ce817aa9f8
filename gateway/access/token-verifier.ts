/**
 * The one way the gateway checks a bearer token, for HTTP and the WebSocket alike. The
 * composition root (gateway/main.ts) chooses it: a shared secret (auth.ts, HS256) or an identity
 * provider's published keys (provider-tokens.ts).
 */

/** What a valid token says: its user and when it expires. */
export interface TokenClaims {
  readonly userId: string;
  readonly expiresAtMs: number;
}

export interface TokenVerifier {
  /** The claims of a valid token; rejects with a typed 401 (or a 503 when the keys cannot be had). */
  verify(token: string): Promise<TokenClaims>;
  /**
   * Changes whenever the keys tokens are checked with change (a provider's key set fetched
   * anew): an answer remembered under another version is checked again.
   */
  keysVersion(): number;
  /** Where a client gets a token, for the 401 that finds none. */
  readonly whereToGetOne: string;
}
