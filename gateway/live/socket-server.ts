/**
 * The WebSocket endpoint at /ws[?token=<jwt>][&mode=latest]. Clients subscribe to auctions
 * (optionally from a sequence, to resume) and to the feed of new auctions; with a token they also
 * receive their personal notifications, and may bid or buy now, through the same placement as over HTTP (gateway/commands/bid-placement.ts). A bad or
 * unauthorised message gets an error message with the code and status HTTP would answer; the
 * connection stays open. Upgrades from
 * a foreign browser origin are refused (403); a frame over `maxPayloadBytes` closes with 1009.
 * Caps (socket-limits.ts): past the connections per user or per address, or the frame rate, the
 * socket gets an error naming the limit and is closed with 4029; past the subscriptions per
 * connection, a subscribe gets that error and the connection stays open.
 * Without a token the connection is anonymous and read-only: the same caps (per address; it has
 * no user), subscriptions and the new-auctions feed, and a bid or buy_now gets a 401 error.
 * A token that is present but invalid is still refused (401).
 * A signed-in connection ends with its token (token-expiry.ts): at the token's expiry it gets an
 * `unauthorized` error and is closed with 4401; a message arriving after the expiry is refused so.
 * A subscribe to an auction that does not exist (the auction directory has none) gets an
 * `auction_not_found` error naming it; the connection stays open.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Gauge, type Registry } from 'prom-client';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '../../platform/logger.js';
import type { TokenClaims, TokenVerifier } from '../access/auth.js';
import type { BidPlacement } from '../commands/bid-placement.js';
import type { AuctionDirectory } from '../reads/auction-directory.js';
import { ApiError } from '../http/problems.js';
import type { WebSocketLimits } from '../config/limits-config.js';
import type { UserAndAddressLimit } from '../access/limiters.js';
import { parseClientMessage } from './client-messages.js';
import type { LiveConnection, LiveHub } from './live-hub.js';
import type { ServerMessage } from './socket-messages.js';
import {
  CLOSE_LIMIT,
  ConnectionCounts,
  FrameBudget,
  subscriptionRefusal,
  type LimitRefusal,
} from './socket-limits.js';
import {
  CLOSE_TOKEN_EXPIRED,
  TOKEN_EXPIRED_DETAIL,
  TOKEN_EXPIRED_REASON,
  watchExpiry,
} from './token-expiry.js';

export interface SocketServerDependencies {
  readonly hub: LiveHub;
  /** The gateway's one token verifier, the HTTP side's too. */
  readonly tokens: TokenVerifier;
  readonly placement: Pick<BidPlacement, 'placeBid' | 'buyNow'>;
  /** Which auctions exist: a subscribe to one it does not know is refused. */
  readonly directory: Pick<AuctionDirectory, 'facts'>;
  readonly logger: Logger;
  readonly heartbeatMs: number;
  /** Where the open-connections gauge is registered. */
  readonly metrics: Registry;
  readonly bidRateLimit: UserAndAddressLimit;
  readonly limits: WebSocketLimits;
  /** The client address of an upgrade request, as the HTTP side counts it. */
  readonly addressOf: (request: IncomingMessage) => string;
  /** Largest frame a client may send. */
  readonly maxPayloadBytes: number;
  /** Browser origins allowed to connect; a request without Origin (not a browser) may too. */
  readonly allowedOrigins: readonly string[];
}

function refuse(socket: Duplex, status: number, reason: string) {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function attachSocketServer(server: Server, deps: SocketServerDependencies) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxPayloadBytes });
  const alive = new WeakMap<WebSocket, boolean>();
  new Gauge({
    name: 'gateway_websocket_connections',
    help: 'Open WebSocket connections on this gateway',
    registers: [deps.metrics],
    // Read when scraped: the server's own set of clients cannot drift from the truth.
    collect() {
      this.set(wss.clients.size);
    },
  });
  const allowedOrigins = new Set(deps.allowedOrigins);
  const counts = new ConnectionCounts(deps.limits);

  /** Tells the client which limit it met, then closes. */
  const closeForLimit = (ws: WebSocket, refusal: LimitRefusal) => {
    const message: ServerMessage = { type: 'error', ...refusal };
    ws.send(JSON.stringify(message));
    ws.close(CLOSE_LIMIT, refusal.limit.slice(0, 120));
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = request.url ?? '/';
    const url = URL.canParse(target, 'http://gateway') ? new URL(target, 'http://gateway') : null;
    if (url?.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    // Another site's page must not open a socket here with a token it got hold of.
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin))
      return refuse(socket, 403, 'Forbidden');
    const token = url.searchParams.get('token');
    const who: Promise<TokenClaims | null> =
      token === null ? Promise.resolve(null) : deps.tokens.verify(token);
    who.then(
      (claims) =>
        wss.handleUpgrade(request, socket, head, (ws) => {
          const userId = claims?.userId ?? null;
          const address = deps.addressOf(request);
          const admitted = counts.admit(userId, address);
          if (!admitted.ok) return closeForLimit(ws, admitted.refusal);
          ws.once('close', admitted.release);
          const mode = url.searchParams.get('mode') === 'latest' ? 'latest' : 'drop';
          onConnection(
            ws,
            address,
            {
              socket: ws,
              userId,
              mode,
              subscriptions: new Map(),
              conflated: new Map(),
              newAuctions: false,
            },
            claims?.expiresAtMs ?? null,
          );
        }),
      // A provider whose keys cannot be fetched is not the token's fault: retry later.
      (error: unknown) =>
        error instanceof ApiError && error.status === 503
          ? refuse(socket, 503, 'Service Unavailable')
          : refuse(socket, 401, 'Unauthorized'),
    );
  });

  function onConnection(
    ws: WebSocket,
    address: string,
    connection: LiveConnection,
    /** When the connection's token expires (epoch ms); null: anonymous. */
    tokenExpiresAtMs: number | null,
  ) {
    const { hub } = deps;
    /** Tells the client its token expired (answering `requestId`, if any), then closes. */
    const closeForExpiry = (requestId?: string) => {
      hub.send(connection, {
        type: 'error',
        code: 'unauthorized',
        status: 401,
        detail: TOKEN_EXPIRED_DETAIL,
        requestId,
      });
      hub.remove(connection);
      ws.close(CLOSE_TOKEN_EXPIRED, TOKEN_EXPIRED_REASON);
    };
    const expiry =
      tokenExpiresAtMs === null ? null : watchExpiry(tokenExpiresAtMs, () => closeForExpiry());
    ws.once('close', () => expiry?.stop());
    const frames = new FrameBudget(deps.limits);
    // Claimed before the subscribe's reads (directory, history): concurrent ones cannot pass the cap.
    const claimed = new Set<string>();
    hub.add(connection);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => hub.remove(connection));
    ws.on('error', () => hub.remove(connection));
    hub.send(connection, { type: 'welcome', userId: connection.userId, mode: connection.mode });

    ws.on('message', (data, isBinary) => {
      // Nothing more is done for a user whose token has expired, whether or not the timer fired.
      if (expiry?.expired()) {
        closeForExpiry(requestIdOf(data, isBinary));
        return;
      }
      if (!frames.take()) {
        hub.remove(connection);
        closeForLimit(ws, frames.refusal);
        return;
      }
      if (isBinary) {
        hub.send(connection, {
          type: 'error',
          code: 'invalid_message',
          detail: 'send JSON text frames',
        });
        return;
      }
      const parsed = parseClientMessage(textOf(data));
      if (!parsed.ok) {
        hub.send(connection, {
          type: 'error',
          code: 'invalid_message',
          detail: parsed.detail,
          requestId: parsed.requestId,
        });
        return;
      }
      const { message } = parsed;
      const work = (async () => {
        switch (message.type) {
          case 'subscribe': {
            const refusal = subscriptionRefusal(claimed, message.auctionId, deps.limits);
            if (refusal) {
              hub.send(connection, { type: 'error', ...refusal, auctionId: message.auctionId });
              return;
            }
            const { auctionId } = message;
            claimed.add(auctionId);
            try {
              if ((await deps.directory.facts(auctionId)) === undefined) {
                hub.send(connection, {
                  type: 'error',
                  code: 'auction_not_found',
                  status: 404,
                  auctionId,
                  detail: `There is no auction ${auctionId}: nothing to subscribe to.`,
                });
                return;
              }
              const sequence = await hub.subscribe(connection, auctionId, message.afterSequence);
              hub.send(connection, { type: 'subscribed', auctionId, sequence });
            } finally {
              // Unknown, or the read failed: the place is free again.
              if (!connection.subscriptions.has(auctionId)) claimed.delete(auctionId);
            }
            return;
          }
          case 'subscribe_auctions':
          case 'unsubscribe_auctions':
            connection.newAuctions = message.type === 'subscribe_auctions';
            hub.send(connection, {
              type: message.type === 'subscribe_auctions' ? 'subscribed' : 'unsubscribed',
              feed: 'auctions',
            });
            return;
          case 'unsubscribe':
            connection.subscriptions.delete(message.auctionId);
            claimed.delete(message.auctionId);
            hub.send(connection, { type: 'unsubscribed', auctionId: message.auctionId });
            return;
          case 'bid':
          case 'buy_now': {
            const { userId } = connection;
            if (userId === null)
              throw new ApiError(
                401,
                'unauthorized',
                'sign in to bid: this connection is read-only',
              );
            await deps.bidRateLimit.check(userId, address);
            const request = {
              userId,
              auctionId: message.auctionId,
              idempotencyKey: message.idempotencyKey,
              keyField: 'idempotencyKey',
              correlationId: randomUUID(),
            };
            const { bidId, repeat } =
              message.type === 'bid'
                ? await deps.placement.placeBid({ ...request, maxAmountCents: parsed.cents! })
                : await deps.placement.buyNow(request);
            hub.send(connection, {
              type: message.type === 'bid' ? 'bid_received' : 'buy_now_received',
              requestId: message.requestId,
              bidId,
              repeat,
            });
            return;
          }
          case 'ping':
            hub.send(connection, { type: 'pong' });
            return;
          default: {
            const unreachable: never = message;
            throw new Error(`unhandled message ${(unreachable as { type: string }).type}`);
          }
        }
      })();
      work.catch((error: unknown) => {
        const requestId =
          message.type === 'bid' || message.type === 'buy_now' ? message.requestId : undefined;
        if (error instanceof ApiError) {
          hub.send(connection, {
            type: 'error',
            code: error.code,
            status: error.status,
            detail: error.message,
            requestId,
            field: error.extra.field,
            limit: error.extra.limit,
            retryAfterSeconds: error.extra.retryAfterSeconds,
          });
        } else {
          deps.logger.error({ err: error }, 'live message failed');
          hub.send(connection, {
            type: 'error',
            code: 'internal',
            detail: 'the request failed on our side; retry',
            requestId,
          });
        }
      });
    });
  }

  /** A frame's text. */
  function textOf(data: RawData) {
    return Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(new Uint8Array(data)).toString('utf8');
  }

  /** The requestId of a bid or buy_now frame, to answer it by; undefined for anything else. */
  function requestIdOf(data: RawData, isBinary: boolean) {
    if (isBinary) return undefined;
    const parsed = parseClientMessage(textOf(data));
    if (!parsed.ok) return parsed.requestId;
    const { message } = parsed;
    return message.type === 'bid' || message.type === 'buy_now' ? message.requestId : undefined;
  }

  // Heartbeats: a client that misses one ping is gone; in 'latest' mode, drained sockets get news.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, deps.heartbeatMs);
  const flush = setInterval(() => deps.hub.flushConflated(), 100);
  return {
    close() {
      clearInterval(heartbeat);
      clearInterval(flush);
      for (const ws of wss.clients) ws.close(1001, 'gateway shutting down');
      wss.close();
    },
  };
}
