import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownServicesStatus, redactUrl, stackStatus } from './status.js';
import { localServices } from './services.js';

// A stack folder of its own with nothing running: no probe is made, no pid is found.
const root = mkdtempSync(path.join(tmpdir(), 'stack-status-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const secrets = {
  STACK_POSTGRES_PASSWORD: 'super-Secret-1',
  STACK_APP_DB_PASSWORD: 'app p@ss:w/rd',
  STACK_REGISTRY_DB_PASSWORD: 'registry-Secret-3',
  STACK_DEBEZIUM_PASSWORD: 'debezium-Secret-4',
  JWT_SECRET: 'jwt-Secret-5-0123456789abcdef0123456789',
};

describe('stack:status', () => {
  it('prints no password, the database URL with *** in its place', async () => {
    const env = { STACK_DIR: root, ...secrets };
    const components = await stackStatus(env);
    const text = JSON.stringify({ components, services: knownServicesStatus(env) });
    for (const secret of Object.values(secrets)) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
    expect(components.find((c) => c.component === 'postgres')?.url).toBe(
      'postgres://auction:***@127.0.0.1:5433/auction',
    );
  });

  it('lists every service npm start runs, stopped while it runs none', () => {
    const services = knownServicesStatus({ STACK_DIR: root });
    expect(services.map((s) => s.service)).toEqual(localServices({}).map((s) => s.name));
    expect(services.every((s) => s.state === 'stopped' && s.pid === null)).toBe(true);
    expect(services.find((s) => s.service === 'gateway')?.address).toBe('127.0.0.1:8080');
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgres://u:secret@h:5432/db', 'postgres://u:***@h:5432/db'],
    ['redis://:secret@h:6379', 'redis://:***@h:6379'],
    ['http://h:8081/apis?token=abc&x=1', 'http://h:8081/apis?token=***&x=1'],
    ['postgres://u@h:5432/db', 'postgres://u@h:5432/db'],
    ['127.0.0.1:9092', '127.0.0.1:9092'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
