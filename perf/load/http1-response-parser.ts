/**
 * A tiny incremental HTTP/1.1 response parser for the load generator's client
 * (perf/load/http1-connection.ts). It finds only what a load tool needs: the status, where the
 * body ends (Content-Length, chunked, or the connection's close), whether the connection stays
 * open, and a refusal's Retry-After. The body's bytes are kept only when the caller wants them
 * (a success's are skipped): node:http's llhttp would decode every header into strings.
 */

export interface ParsedResponse {
  readonly status: number;
  /** Retry-After's raw value, looked for on refusals (status ≥ 400) only. */
  readonly retryAfter: string | undefined;
  /** The body's bytes, if `wantBody(status)` said so. */
  readonly body: Buffer | undefined;
  /** False when the server will close the connection after this response. */
  readonly keepAlive: boolean;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LF = 0x0a;

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'close';

/** A header's value from a lower-cased head, or undefined. */
function headerIn(lowerHead: string, name: string): string | undefined {
  const at = lowerHead.indexOf(`\r\n${name}:`);
  if (at < 0) return undefined;
  const from = at + name.length + 3;
  const end = lowerHead.indexOf('\r\n', from);
  return lowerHead.slice(from, end < 0 ? undefined : end).trim();
}

export class ResponseParser {
  private state: State = 'head';
  /** Bytes of a head, or of a chunked framing line, that a chunk boundary cut. */
  private partial: Buffer | undefined;
  private remaining = 0;
  private status = 0;
  private retryAfter: string | undefined;
  private keepAlive = true;
  private parts: Buffer[] | undefined;

  constructor(
    private readonly onResponse: (response: ParsedResponse) => void,
    /** Asked once per response, with its status: keep the body's bytes? */
    private readonly wantBody: (status: number) => boolean,
  ) {}

  /**
   * Bytes as the socket delivered them, valid only during the call (the socket reads into one
   * reused buffer): what the parser keeps, it copies. Throws on what is not an HTTP/1.x response.
   */
  feed(chunk: Buffer): void {
    let data = chunk;
    if (this.partial) {
      data = Buffer.concat([this.partial, chunk]);
      this.partial = undefined;
    }
    let at = 0;
    while (at < data.length) {
      switch (this.state) {
        case 'head':
          at = this.readHead(data, at);
          break;
        case 'length':
        case 'chunk-data': {
          const take = Math.min(this.remaining, data.length - at);
          this.parts?.push(Buffer.from(data.subarray(at, at + take)));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0)
            if (this.state === 'length') this.complete();
            else this.state = 'chunk-end';
          break;
        }
        case 'chunk-size':
        case 'chunk-end':
        case 'trailers':
          at = this.readLine(data, at);
          break;
        case 'close':
          this.parts?.push(Buffer.from(data.subarray(at)));
          at = data.length;
          break;
      }
    }
  }

  /** The connection ended: completes a body that the close delimits; false if one was cut short. */
  end(): boolean {
    if (this.state === 'close') {
      this.complete();
      return true;
    }
    return this.state === 'head' && this.partial === undefined;
  }

  private readHead(data: Buffer, at: number): number {
    const end = data.indexOf(CRLFCRLF, at);
    if (end < 0) {
      this.partial = Buffer.from(data.subarray(at));
      return data.length;
    }
    const head = data.toString('latin1', at, end + 2);
    if (!head.startsWith('HTTP/1.'))
      throw new Error(`not an HTTP/1.x response: ${head.slice(0, 40)}`);
    const status = Number(head.slice(9, 12));
    if (!Number.isInteger(status) || status < 100) throw new Error(`bad status line: ${head}`);
    if (status < 200) return end + 4; // 100 Continue and the like: the real answer follows
    const lower = head.toLowerCase();
    const connection = headerIn(lower, 'connection');
    this.status = status;
    this.keepAlive = head.startsWith('HTTP/1.1')
      ? connection !== 'close'
      : connection === 'keep-alive';
    this.retryAfter = status >= 400 ? headerIn(lower, 'retry-after') : undefined;
    this.parts = this.wantBody(status) ? [] : undefined;
    const length = headerIn(lower, 'content-length');
    if (status === 204 || status === 304) this.complete();
    else if (headerIn(lower, 'transfer-encoding')?.endsWith('chunked')) this.state = 'chunk-size';
    else if (length !== undefined) {
      this.remaining = Number(length);
      if (!Number.isSafeInteger(this.remaining) || this.remaining < 0)
        throw new Error(`bad Content-Length: ${length}`);
      if (this.remaining === 0) this.complete();
      else this.state = 'length';
    } else {
      this.state = 'close';
      this.keepAlive = false;
    }
    return end + 4;
  }

  /** One line of chunked framing: a size, the CRLF after a chunk's data, or a trailer. */
  private readLine(data: Buffer, at: number): number {
    const lf = data.indexOf(LF, at);
    if (lf < 0) {
      this.partial = Buffer.from(data.subarray(at));
      return data.length;
    }
    const line = data.toString('latin1', at, lf).replace(/\r$/, '');
    if (this.state === 'chunk-end') {
      if (line !== '') throw new Error('chunk data longer than its size');
      this.state = 'chunk-size';
    } else if (this.state === 'trailers') {
      if (line === '') this.complete();
    } else {
      const size = parseInt(line, 16); // a chunk extension after ';' is ignored
      if (!Number.isSafeInteger(size) || size < 0) throw new Error(`bad chunk size: ${line}`);
      this.remaining = size;
      this.state = size === 0 ? 'trailers' : 'chunk-data';
    }
    return lf + 1;
  }

  private complete() {
    const parts = this.parts;
    const body =
      parts === undefined ? undefined : parts.length === 1 ? parts[0] : Buffer.concat(parts);
    this.state = 'head';
    this.parts = undefined;
    this.onResponse({
      status: this.status,
      retryAfter: this.retryAfter,
      body,
      keepAlive: this.keepAlive,
    });
  }
}
