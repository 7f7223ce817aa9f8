/**
 * One keep-alive HTTP/1.1 connection of the load generator's pool (perf/load/http1-pool.ts), on a
 * raw `net` socket: a request goes out as the bytes the caller encoded, and every request given
 * to a connection in one turn of the event loop leaves in one `write` (pipelined, when the pool
 * gives it more than one). Answers come back in order and settle the requests first in, first
 * out. No streams, header objects or timers per request: issue 20 wants the generator at ≤ 0.05
 * CPU-ms a request.
 */
import { connect, type Socket } from 'node:net';
import { ResponseParser, type ParsedResponse } from './http1-response-parser.js';

/** A request as the pool hands it on: its bytes, and where its answer goes. */
export interface PendingRequest {
  /** The whole request, head and body, as it goes on the wire (UTF-8). */
  readonly wire: string;
  /** Keep a success's body? (A refusal's is always kept.) */
  readonly readBody: boolean;
  readonly resolve: (response: ParsedResponse) => void;
  readonly reject: (error: Error) => void;
}

/** An error with a code, as `describeFailure` (perf/load/retry.ts) reports it. */
export const connectionError = (message: string, code: string) =>
  Object.assign(new Error(message), { code });

/** Every connection's reads: a read is parsed before the next one lands (one thread). */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export class Http1Connection {
  /** Sent, not yet answered, oldest first. */
  private readonly inFlight: PendingRequest[] = [];
  /** When the oldest request in flight went out (performance.now), for the pool's timeout. */
  private oldestSentAt = 0;
  private unwritten = '';
  private readonly socket: Socket;
  private readonly parser: ResponseParser;
  private closed = false;
  /** When the last answer came (performance.now): an idle connection goes stale. */
  lastAnswerAt = performance.now();

  constructor(
    host: string,
    port: number,
    /** An answer came and this connection can take another request. */
    private readonly onFree: (connection: Http1Connection) => void,
    /** The connection is gone; its requests in flight have been failed. */
    private readonly onClosed: (connection: Http1Connection) => void,
  ) {
    this.parser = new ResponseParser(
      (response) => this.answer(response),
      (status) => status >= 400 || this.inFlight[0]?.readBody === true,
    );
    this.socket = connect({
      host,
      port,
      noDelay: true,
      // Reads land in one reused buffer, handed over without a stream: no allocation and no
      // 'data' event per read.
      onread: { buffer: READ_BUFFER, callback: (length) => this.read(length) },
    });
    this.socket.on('error', (error) => this.destroy(error));
    this.socket.on('close', () => {
      this.parser.end();
      this.destroy(connectionError('the connection closed before the answer', 'ECONNRESET'));
    });
  }

  private read(length: number): boolean {
    try {
      this.parser.feed(READ_BUFFER.subarray(0, length));
    } catch (error) {
      this.destroy(connectionError(`bad response: ${String(error)}`, 'EPROTO'));
    }
    return true;
  }

  get pending(): number {
    return this.inFlight.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Has the oldest request waited longer than `timeoutMs` for its answer? */
  overdue(now: number, timeoutMs: number): boolean {
    return this.inFlight.length > 0 && now - this.oldestSentAt > timeoutMs;
  }

  /** Queues the request's bytes; the turn's requests leave together in one write. */
  send(request: PendingRequest): void {
    if (this.inFlight.length === 0) this.oldestSentAt = performance.now();
    this.inFlight.push(request);
    if (this.unwritten === '') queueMicrotask(this.flush);
    this.unwritten += request.wire;
  }

  /** Has this turn's write not left yet (so another request can join it)? */
  get writing(): boolean {
    return this.unwritten !== '';
  }

  private readonly flush = () => {
    const bytes = this.unwritten;
    this.unwritten = '';
    if (!this.closed && bytes !== '') this.socket.write(bytes);
  };

  private answer(response: ParsedResponse) {
    const request = this.inFlight.shift();
    if (!request) {
      this.destroy(connectionError('an answer no request asked for', 'EPROTO'));
      return;
    }
    this.lastAnswerAt = performance.now();
    this.oldestSentAt = this.lastAnswerAt;
    request.resolve(response);
    if (!response.keepAlive) this.destroy(connectionError('the server closed', 'ECONNRESET'));
    else if (!this.closed) this.onFree(this);
  }

  /** Closes the socket and fails every request still in flight with `error`. */
  destroy(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.unwritten = '';
    this.socket.destroy();
    for (const request of this.inFlight.splice(0)) request.reject(error);
    this.onClosed(this);
  }

  /** Ends an idle connection politely. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end();
    this.onClosed(this);
  }
}
