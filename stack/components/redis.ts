/** Redis: an instance of the project's own, with an append-only file under .stack/data/redis. */
import { mkdir } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { type Component, portsNamed } from '../component.js';

export const redis: Component = {
  name: 'redis',
  dependsOn: [],
  ports: portsNamed('redis'),
  readyTimeoutMs: 20_000,
  stopSignal: 'SIGTERM', // Redis flushes its append-only file and exits.
  address: (e) => `${e.host}:${e.ports.redis}`,
  url: (e) => `redis://${e.host}:${e.ports.redis}`,

  async prepare({ paths }) {
    await mkdir(paths.data('redis'), { recursive: true });
  },

  daemon({ paths, tools, endpoints: e }) {
    return {
      file: tools.redisServer,
      args: [
        '--port',
        String(e.ports.redis),
        '--bind',
        e.host,
        '--dir',
        paths.data('redis'),
        '--daemonize',
        'no',
        '--save',
        '',
        // Leaderboards and dedup keys survive a restart; fsync once a second.
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--logfile',
        '',
      ],
      cwd: paths.data('redis'),
    };
  },

  async isReady(e) {
    const client = new Redis({
      host: e.host,
      port: e.ports.redis,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 1000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  },
};
