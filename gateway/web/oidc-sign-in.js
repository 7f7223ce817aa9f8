// Sign-in at an identity provider, when the gateway has one (GET /auth/config says
// `mode: 'provider'`): the OAuth 2.0 authorization code flow with PKCE (RFC 7636, S256) for a
// public client. The page sends the browser to the provider's authorization endpoint with a
// random `state` and a code challenge, keeps the verifier and state in sessionStorage (this tab
// only), and when the provider sends it back with `?code=&state=`, checks the state, exchanges
// the code at the token endpoint and keeps the access token as the development sign-in does
// (api.js session). The resource asked for is the gateway's audience (RFC 8707).
import { signIn } from './api.js';

const PENDING = 'oidc-sign-in';
let config = { mode: 'none' };

/** Whether the page signs in at a provider (else: the development form, or not at all). */
export const usesProvider = () => config.mode === 'provider';

const base64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** Where the provider sends the browser back: the page itself, without query or hash. */
const redirectUri = () => `${location.origin}${location.pathname}`;

/** Sends the browser to the provider; it comes back to this page (finish() takes it from there). */
export async function startProviderSignIn() {
  const verifier = randomText();
  const state = randomText();
  const challenge = base64url(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
  );
  sessionStorage.setItem(
    PENDING,
    JSON.stringify({ verifier, state, hash: location.hash, redirectUri: redirectUri() }),
  );
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    resource: config.audience,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** The user the token names, as the gateway reads it (config.userClaim): for display only. */
function userOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return String(JSON.parse(new TextDecoder().decode(bytes))[config.userClaim] ?? '');
  } catch {
    return '';
  }
}

/**
 * Back from the provider (a `state` in the query): checks it against the one this tab sent,
 * exchanges the code, signs in. Resolves with a message for people when it went wrong, else
 * undefined. The query is removed from the address either way (a code is used once).
 */
async function finish() {
  const query = new URLSearchParams(location.search);
  if (!query.has('state')) return undefined;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}${pending?.hash ?? ''}`);
  if (!pending || query.get('state') !== pending.state)
    return 'That sign-in did not start here (its state does not match): sign in again.';
  if (query.has('error'))
    return `The sign-in was not completed (${query.get('error_description') ?? query.get('error')}).`;
  let answer;
  try {
    const response = await fetch(config.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: query.get('code') ?? '',
        redirect_uri: pending.redirectUri,
        client_id: config.clientId,
        code_verifier: pending.verifier,
        resource: config.audience,
      }),
    });
    answer = await response.json();
  } catch {
    return 'The sign-in service could not be reached: try again.';
  }
  if (!answer.access_token)
    return `The sign-in service refused (${answer.error_description ?? answer.error ?? 'no token'}).`;
  signIn(answer.access_token, userOf(answer.access_token));
  return undefined;
}

/**
 * Asks the gateway how to sign in; with a provider, finishes a sign-in coming back from it and
 * makes `button` start one. `onError` gets a message for people.
 */
export async function setUpProviderSignIn(button, onError) {
  try {
    const response = await fetch('/auth/config', { headers: { accept: 'application/json' } });
    if (response.ok) config = await response.json();
  } catch {
    // No answer: the page stays as it was (the development form, or signed out).
  }
  if (!usesProvider()) return;
  button.addEventListener('click', () => void startProviderSignIn());
  const problem = await finish();
  if (problem) onError(problem);
}
