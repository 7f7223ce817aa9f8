/**
 * The headers every answer carries, the page's and the API's alike (helmet writes them): a
 * Content-Security-Policy that lets the page load only its own files and talk only to its own
 * origin (HTTP and the WebSocket), and to an identity provider's token endpoint when the page
 * signs in there (`securityHeaders([origin])`), no framing, no MIME sniffing, no referrer.
 * Strict-Transport-Security is left to the TLS proxy in front (the gateway itself speaks plain HTTP).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** A Host header that can stand in a CSP source as it is: a name or address and a port. */
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The page's own origin, and its WebSocket (gateway/web/live.js opens ws: or wss: on the page's
 * host): CSP 3 lets 'self' cover it, older browsers need it named. An unusual Host adds nothing.
 */
function connectSources(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return PLAIN_HOST.test(host) ? `'self' ws://${host} wss://${host}` : "'self'";
}

const policy = (otherConnectOrigins: readonly string[]) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: [(req) => connectSources(req), ...otherConnectOrigins],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });

/** For answers given before a request exists (gateway/http/problems.ts), and the fallback. */
const BARE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

export const BARE_ANSWER_HEADER_LINES = Object.entries(BARE_HEADERS).map(
  ([name, value]) => `${name}: ${value}`,
);

/**
 * What sets the headers on `res` before anything answers it (synchronously: helmet never waits);
 * the page may also connect to `otherConnectOrigins` (an identity provider's token endpoint).
 */
export function securityHeaders(otherConnectOrigins: readonly string[] = []) {
  const secure = policy(otherConnectOrigins);
  return (req: IncomingMessage, res: ServerResponse) => {
    secure(req, res, (error?: unknown) => {
      // Helmet refuses a policy it cannot write: the strictest headers instead, never a crash.
      if (error !== undefined) res.setHeaders(new Map(Object.entries(BARE_HEADERS)));
    });
  };
}

export const setSecurityHeaders = securityHeaders();
