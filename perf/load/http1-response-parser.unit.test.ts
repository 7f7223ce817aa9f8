import { describe, expect, it } from 'vitest';
import { ResponseParser, type ParsedResponse } from './http1-response-parser.js';

/** Feeds `chunks` (reusing one buffer, as the socket does) and returns the responses, bodies as text. */
function parse(chunks: readonly string[], wantBody: (status: number) => boolean = () => true) {
  const seen: (Omit<ParsedResponse, 'body'> & { body: string | undefined })[] = [];
  const parser = new ResponseParser((r) => seen.push({ ...r, body: r.body?.toString() }), wantBody);
  const reused = Buffer.alloc(4096);
  for (const chunk of chunks) {
    const length = reused.write(chunk, 'latin1');
    parser.feed(reused.subarray(0, length));
    reused.fill(0x2a); // what the parser kept must not change with the buffer
  }
  return { seen, parser };
}

const accepted = (id: string) => {
  const body = `{"bidId":"${id}"}`;
  return `HTTP/1.1 202 Accepted\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${body.length}\r\nKeep-Alive: timeout=5\r\n\r\n${body}`;
};

/** Every way of cutting `text` in two. */
const cuts = (text: string) => Array.from({ length: text.length - 1 }, (_, i) => i + 1);

describe('the load client’s response parser', () => {
  it('reads a Content-Length response: status, body, keep-alive', () => {
    expect(parse([accepted('b1')]).seen).toEqual([
      { status: 202, retryAfter: undefined, body: '{"bidId":"b1"}', keepAlive: true },
    ]);
  });

  it('gives the same response wherever a read splits it', () => {
    const text = accepted('b1');
    for (const at of cuts(text))
      expect(parse([text.slice(0, at), text.slice(at)]).seen).toEqual(parse([text]).seen);
    // And one byte at a time.
    expect(parse([...text]).seen).toEqual(parse([text]).seen);
  });

  it('reads pipelined responses in order, in one read or split across reads', () => {
    const text = accepted('b1') + accepted('b2') + accepted('b3');
    const bodies = ['{"bidId":"b1"}', '{"bidId":"b2"}', '{"bidId":"b3"}'];
    expect(parse([text]).seen.map((r) => r.body)).toEqual(bodies);
    for (const at of cuts(text))
      expect(parse([text.slice(0, at), text.slice(at)]).seen.map((r) => r.body)).toEqual(bodies);
  });

  it('skips a success’s body unless asked, and always reads a refusal’s with its Retry-After', () => {
    const refusal =
      'HTTP/1.1 429 Too Many Requests\r\nretry-after: 3\r\ncontent-length: 17\r\n\r\n{"code":"limit"}\n';
    const { seen } = parse([accepted('b1') + refusal], (status) => status >= 400);
    expect(seen).toEqual([
      { status: 202, retryAfter: undefined, body: undefined, keepAlive: true },
      { status: 429, retryAfter: '3', body: '{"code":"limit"}\n', keepAlive: true },
    ]);
  });

  it('decodes a chunked body, with an extension and a trailer, however it is split', () => {
    const text =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5\r\n{"a":\r\n4;ext=1\r\n"xy"\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n' +
      accepted('b2');
    const expected = [
      { status: 200, retryAfter: undefined, body: '{"a":"xy"}', keepAlive: true },
      { status: 202, retryAfter: undefined, body: '{"bidId":"b2"}', keepAlive: true },
    ];
    expect(parse([text]).seen).toEqual(expected);
    for (const at of cuts(text))
      expect(parse([text.slice(0, at), text.slice(at)]).seen).toEqual(expected);
  });

  it('reads a body that the connection’s close ends, and says the connection will close', () => {
    const { seen, parser } = parse(['HTTP/1.1 502 Bad Gateway\r\n\r\n<html>', 'down</html>']);
    expect(seen).toEqual([]);
    expect(parser.end()).toBe(true);
    expect(seen).toEqual([
      { status: 502, retryAfter: undefined, body: '<html>down</html>', keepAlive: false },
    ]);
  });

  it('knows when the server will close: Connection: close, or HTTP/1.0', () => {
    const close =
      'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
    const old = 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}';
    expect(parse([close]).seen[0]).toMatchObject({ status: 503, keepAlive: false, body: '' });
    expect(parse([old]).seen[0]).toMatchObject({ status: 200, keepAlive: false, body: '{}' });
  });

  it('skips a 100 Continue, and gives a 204 an empty body', () => {
    const text = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n' + accepted('b3');
    expect(parse([text]).seen.map((r) => [r.status, r.body])).toEqual([
      [204, ''],
      [202, '{"bidId":"b3"}'],
    ]);
  });

  it('says a response was cut short when the connection ends in its middle', () => {
    expect(parse([accepted('b1').slice(0, 30)]).parser.end()).toBe(false);
    expect(parse([accepted('b1').slice(0, 90)]).parser.end()).toBe(false);
    expect(parse([accepted('b1')]).parser.end()).toBe(true);
  });

  it('throws on what is not an HTTP/1.x response', () => {
    expect(() => parse(['SSH-2.0-OpenSSH\r\n\r\n'])).toThrow(/not an HTTP/);
    expect(() => parse(['HTTP/1.1 202 OK\r\nContent-Length: x\r\n\r\n'])).toThrow(/Content-Length/);
  });
});
