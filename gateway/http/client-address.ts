/**
 * The client's address, as the per-address limits count it: Express's `req.ip`, which is the
 * TCP peer's address unless `trust proxy` (GATEWAY_TRUST_PROXY) names the proxies whose
 * X-Forwarded-For may be believed. An IPv4-mapped IPv6 address counts as its IPv4 address, and
 * an IPv6 address counts as its /64 network: one host usually holds a whole /64, so counting
 * single addresses would let it walk around the limit.
 */
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { Express, Request } from 'express';

/** The eight hextets of an IPv6 address, '::' expanded. */
function hextets(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...(tail === undefined ? [] : zeros), ...right];
}

export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const plain = address.split('%')[0]!; // a zone index (fe80::1%eth0) names no other host
  if (!isIPv6(plain)) return address;
  const network = hextets(plain)
    .slice(0, 4)
    .map((h) => h.toLowerCase().replace(/^0+(?=.)/, ''));
  return `${network.join(':')}::/64`;
}

export const clientAddress = (req: Request) => addressKey(req.ip ?? req.socket.remoteAddress);

/**
 * The same for a request Express never sees (a WebSocket upgrade, the bid fast path). With
 * trusted proxies the request is given Express's request prototype (as Express does for each
 * request), so `trust proxy` applies; without, Express's `req.ip` is the TCP peer's address.
 */
export function requestAddress(app: Express): (request: IncomingMessage) => string {
  if (app.get('trust proxy') === false)
    return (request) => addressKey(request.socket.remoteAddress);
  return (request) => {
    Object.setPrototypeOf(request, app.request);
    return clientAddress(request as Request);
  };
}
