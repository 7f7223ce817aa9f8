/**
 * The load generator's keep-alive connections (perf/load/http1-connection.ts) to one origin. A
 * request goes to the connection whose write is still being gathered this turn (up to
 * `pipelining` requests in flight on it), else to the connection idle the shortest time (so a
 * low rate keeps few connections warm and the rest close), else to a new one up to
 * `connections`; when every connection is full it waits here, first in, first out. The open-loop
 * caller times each request from its due time, so that wait shows in its latency.
 */
import { connectionError, Http1Connection, type PendingRequest } from './http1-connection.js';

export interface PoolOptions {
  /** Connections at most. */
  readonly connections: number;
  /** Requests in flight on one connection at most (1: no pipelining). */
  readonly pipelining: number;
  /** A request with no answer this long fails, and so does its connection's socket. */
  readonly timeoutMs: number;
  /**
   * An idle connection older than this is not reused: node:http closes idle keep-alive
   * connections after 5 s, and a request written as it closes would be lost.
   */
  readonly idleMs?: number;
}

export class Http1Pool {
  private readonly all = new Set<Http1Connection>();
  /** Connections with nothing in flight, the most recently answered last. */
  private readonly idle: Http1Connection[] = [];
  private readonly waiting: PendingRequest[] = [];
  private waitingHead = 0;
  /** The connection the last request went to: the next joins its write while it gathers. */
  private last: Http1Connection | undefined;
  private readonly watchdog: NodeJS.Timeout;
  private closing: (() => void) | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly options: PoolOptions,
  ) {
    // One coarse timer for every request's timeout, instead of one per request.
    this.watchdog = setInterval(() => this.expire(), Math.min(1000, options.timeoutMs / 4));
    this.watchdog.unref();
  }

  /** Requests sent or waiting, not yet settled. */
  get outstanding(): number {
    let n = this.waiting.length - this.waitingHead;
    for (const connection of this.all) n += connection.pending;
    return n;
  }

  dispatch(request: PendingRequest): void {
    if (this.closing) {
      request.reject(connectionError('the client is closed', 'ECLOSED'));
      return;
    }
    const connection = this.pick();
    if (connection) {
      this.last = connection;
      connection.send(request);
    } else this.waiting.push(request);
  }

  /** Resolves once every request has settled, then closes the connections. */
  close(): Promise<void> {
    clearInterval(this.watchdog);
    return new Promise((resolve) => {
      this.closing = resolve;
      this.closeIfDone();
    });
  }

  private pick(): Http1Connection | undefined {
    const { pipelining, connections } = this.options;
    const last = this.last;
    if (last && !last.isClosed && last.writing && last.pending < pipelining) return last;
    const fresh = this.popIdle();
    if (fresh) return fresh;
    if (this.all.size < connections) return this.open();
    if (pipelining <= 1) return undefined;
    let best: Http1Connection | undefined;
    for (const connection of this.all)
      if (connection.pending < pipelining && (!best || connection.pending < best.pending))
        best = connection;
    return best;
  }

  private popIdle(): Http1Connection | undefined {
    const staleBefore = performance.now() - (this.options.idleMs ?? 4000);
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (connection.lastAnswerAt >= staleBefore) return connection;
      connection.end();
    }
    return undefined;
  }

  private open(): Http1Connection {
    const connection = new Http1Connection(
      this.host,
      this.port,
      (c) => this.freed(c),
      (c) => this.closed(c),
    );
    this.all.add(connection);
    return connection;
  }

  private freed(connection: Http1Connection) {
    const next = this.nextWaiting();
    if (next) connection.send(next);
    else if (connection.pending === 0) {
      this.idle.push(connection);
      this.closeIfDone();
    }
  }

  private closed(connection: Http1Connection) {
    this.all.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    if (this.last === connection) this.last = undefined;
    // Requests that were waiting for a connection get a new one.
    while (this.waitingHead < this.waiting.length) {
      const fresh = this.pick();
      if (!fresh) break;
      this.last = fresh;
      fresh.send(this.nextWaiting()!);
    }
    this.closeIfDone();
  }

  private nextWaiting(): PendingRequest | undefined {
    if (this.waitingHead >= this.waiting.length) return undefined;
    const next = this.waiting[this.waitingHead++];
    // Compact now and then, so the array does not grow without bound.
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    return next;
  }

  private expire() {
    const now = performance.now();
    for (const connection of this.all)
      if (connection.overdue(now, this.options.timeoutMs))
        connection.destroy(connectionError('timeout', 'ETIMEDOUT'));
  }

  private closeIfDone() {
    if (!this.closing || this.outstanding > 0) return;
    for (const connection of [...this.all]) connection.end();
    this.closing();
  }
}
