/** docker-compose.yml cannot run here (no Docker engine), so this keeps it in step with the local stack. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readEndpoints } from '../platform/endpoints.js';
import { COMPONENTS } from '../stack/components/index.js';
import { PROJECT_ROOT } from '../stack/paths.js';

interface ComposeService {
  image: string;
  ports?: string[];
  command?: string[] | string;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const defaults = readEndpoints({});

/** The host port each component publishes in the compose file, and the one the local stack uses. */
const expectedPorts: Record<string, number> = {
  postgres: defaults.ports.postgres,
  redis: defaults.ports.redis,
  kafka: defaults.ports.kafka,
  connect: defaults.ports.connect,
  registry: defaults.ports.registry,
};

describe('docker-compose.yml', () => {
  it('has exactly the local stack components as services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(COMPONENTS.map((c) => c.name).sort());
  });

  it.each(Object.entries(expectedPorts))(
    'publishes %s on host port %i, as the local stack does',
    (name, port) => {
      const hostPorts = (compose.services[name]?.ports ?? []).map((p) => Number(p.split(':')[0]));
      expect(hostPorts).toContain(port);
    },
  );

  it('gives every service a healthcheck and a pinned official image', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.healthcheck?.test.length, name).toBeGreaterThan(0);
      expect(service.image, name).toMatch(/:\d/);
    }
  });

  it('runs Postgres with logical decoding, as Debezium needs', () => {
    expect(compose.services.postgres?.command).toContain('wal_level=logical');
  });

  it('uses the same Kafka minor version as stack/pom.xml', () => {
    const pom = readFileSync(path.join(PROJECT_ROOT, 'stack', 'pom.xml'), 'utf8');
    const pomVersion = /<kafka.version>(\d+\.\d+)/.exec(pom)?.[1];
    expect(compose.services.kafka?.image).toContain(`apache/kafka:${pomVersion}`);
  });
});
