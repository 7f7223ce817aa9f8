/**
 * For the live feed's component tests: a WebSocket client of a test gateway that queues what it
 * receives; `next` takes the oldest message, waiting up to 2 s for it. Without a user, the
 * connection is anonymous (no token).
 */
import WebSocket from 'ws';
import type { TestGateway } from '../testing/test-gateway.js';

export type Message = Record<string, unknown>;

export async function liveClient(
  gw: Pick<TestGateway, 'wsUrl' | 'token'>,
  userId: string | undefined,
  query = '',
) {
  const token = userId === undefined ? '' : `?token=${await gw.token(userId)}`;
  const separator = query && !token ? `?${query.replace(/^[?&]/, '')}` : query;
  const socket = new WebSocket(`${gw.wsUrl}${token}${separator}`);
  const queue: Message[] = [];
  const waiting: ((m: Message) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as Message;
    const take = waiting.shift();
    if (take) take(message);
    else queue.push(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      const queued = queue.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error('no message within 2 s')), 2000);
      waiting.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  const send = (message: unknown) =>
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  return { socket, next, send, close: () => socket.close() };
}
