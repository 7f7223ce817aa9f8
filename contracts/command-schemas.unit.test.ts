/**
 * commandSchemaIds primes the registry client's cache: once it has run, encoding a command needs
 * no registry, so a registry outage after start-up cannot fail a publish. The real client
 * (@kafkajs/confluent-schema-registry) talks to a small registry served in this process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSchemas } from '../schemas/registry.js';
import { SCHEMAS_DIR } from '../schemas/location.js';
import { commandCodec, commandSchemaIds, type Command } from './commands.js';

const placeBid: Command = {
  type: 'PlaceBid',
  metadata: {
    commandId: 'bid-1',
    auctionId: 'auction-1',
    issuedBy: 'alice',
    issuedAt: Date.parse('2026-01-01T00:00:00Z'),
    correlationId: 'req-1',
  },
  data: { bidId: 'bid-1', idempotencyKey: 'key-1', maxAmountCents: 1_500 },
};

/** Serves the two routes the client uses: a subject's latest version and a schema by id. */
async function miniRegistry() {
  const schemas = await loadSchemas(SCHEMAS_DIR);
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    const latest = /^\/subjects\/([^/]+)\/versions\/latest$/.exec(req.url ?? '');
    const byId = /^\/schemas\/ids\/(\d+)$/.exec(req.url ?? '');
    const index = latest
      ? schemas.findIndex((s) => s.subject === decodeURIComponent(latest[1]!))
      : byId
        ? Number(byId[1]) - 1
        : -1;
    const schema = schemas[index];
    res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
    if (!schema) return void res.writeHead(404).end('{"error_code":40401,"message":"not found"}');
    res.end(
      JSON.stringify(
        latest
          ? { subject: schema.subject, version: 1, id: index + 1, schema: schema.schema }
          : { schema: schema.schema },
      ),
    );
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, requests: () => requests };
}

let server: Server | undefined;
afterEach(() => void server?.close());

describe('commandSchemaIds', () => {
  it('leaves every command schema cached, so encoding works with the registry down', async () => {
    const mini = await miniRegistry();
    server = mini.server;
    const registry = new SchemaRegistry({ host: mini.url, retry: { retries: 0 } });
    const ids = await commandSchemaIds(registry);
    const before = mini.requests();
    await new Promise((resolve) => mini.server.close(resolve));

    const message = await commandCodec(registry, ids).encode(placeBid);

    expect(mini.requests()).toBe(before);
    expect(message.value.readInt32BE(1)).toBe(ids.get('PlaceBid'));
    expect(await registry.decode(message.value)).toMatchObject({
      bidId: 'bid-1',
      maxAmountCents: 1_500,
    });
  });
});
