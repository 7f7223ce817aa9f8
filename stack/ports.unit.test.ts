import net from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { StackError } from './errors.js';
import { assertPortFree } from './ports.js';

describe('assertPortFree', () => {
  it('passes for a free port', async () => {
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as net.AddressInfo;
    probe.close();
    await once(probe, 'close');
    await expect(assertPortFree('127.0.0.1', port, 'redis')).resolves.toBeUndefined();
  });

  it('names the port and the variable that moves it when the port is taken', async () => {
    const taken = net.createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as net.AddressInfo;
    try {
      const attempt = assertPortFree('127.0.0.1', port, 'kafka');
      await expect(attempt).rejects.toThrow(StackError);
      await expect(assertPortFree('127.0.0.1', port, 'kafka')).rejects.toThrow(
        new RegExp(`Port ${port} .*STACK_KAFKA_PORT`),
      );
    } finally {
      taken.close();
    }
  });
});
