/**
 * The stack of the three-broker tier (`npm run test:brokers`): its own data folder and ports
 * (10,000 above the development stack's), so it runs beside a developer's `npm start` and
 * never touches that stack's data; it shares the downloads.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/project-root.js';

export const THREE_BROKERS_ENV: Readonly<Record<string, string>> = {
  STACK_DIR: path.join(PROJECT_ROOT, '.stack-three-brokers'),
  STACK_DOWNLOADS_DIR: path.join(PROJECT_ROOT, '.stack', 'dist'),
  STACK_KAFKA_BROKERS: '3',
  STACK_KAFKA_PORT: '19092',
  STACK_KAFKA_CONTROLLER_PORT: '19093',
  STACK_CONNECT_PORT: '18083',
  STACK_REGISTRY_PORT: '18081',
  STACK_REGISTRY_MANAGEMENT_PORT: '19081',
  STACK_POSTGRES_PORT: '15433',
  STACK_REDIS_PORT: '16380',
  GATEWAY_PORT: '18080',
};
