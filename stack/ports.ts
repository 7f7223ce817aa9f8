import net from 'node:net';
import { PORT_VARIABLES, type PortName } from '../platform/endpoints.js';
import { StackError } from './errors.js';

/** Resolves if nothing listens on host:port; otherwise fails naming the port and its variable. */
export async function assertPortFree(host: string, port: number, name: PortName) {
  const inUse = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
  if (inUse) {
    const variable = PORT_VARIABLES[name][0];
    throw new StackError(
      `Port ${port} on ${host} is already taken by another process, so ${name} cannot listen there. ` +
        `Stop that process (see \`ss -ltnp 'sport = :${port}'\`) or choose another port with ${variable}=<port>.`,
    );
  }
}
