/**
 * Apicurio Registry 3.3, storing its schemas in PostgreSQL, with the Confluent-compatible API
 * under /apis/ccompat/v7 (what @kafkajs/confluent-schema-registry speaks).
 */
import { mkdir } from 'node:fs/promises';
import { type Component, portsNamed } from '../component.js';

export const registry: Component = {
  name: 'registry',
  dependsOn: ['postgres'],
  ports: portsNamed('registry', 'registryManagement'),
  readyTimeoutMs: 90_000,
  stopSignal: 'SIGTERM',
  address: (e) => `${e.host}:${e.ports.registry}`,
  url: (e) => `http://${e.host}:${e.ports.registry}/apis/ccompat/v7`,

  async prepare({ paths }) {
    await mkdir(paths.data('registry'), { recursive: true });
  },

  daemon({ paths, tools, endpoints: e }) {
    const db = e.postgres.registry;
    return {
      file: tools.registryJava,
      args: [
        '-Xmx384m',
        '-Xms64m',
        '-XX:+UseSerialGC',
        '-XX:+ExitOnOutOfMemoryError',
        '-jar',
        paths.registryApp,
      ],
      cwd: paths.data('registry'),
      env: {
        QUARKUS_HTTP_HOST: e.host,
        QUARKUS_HTTP_PORT: String(e.ports.registry),
        QUARKUS_MANAGEMENT_HOST: e.host,
        QUARKUS_MANAGEMENT_PORT: String(e.ports.registryManagement),
        QUARKUS_LOG_CONSOLE_JSON: 'false',
        APICURIO_STORAGE_KIND: 'sql',
        APICURIO_STORAGE_SQL_KIND: 'postgresql',
        APICURIO_DATASOURCE_URL: `jdbc:postgresql://${e.host}:${e.ports.postgres}/${db.database}`,
        APICURIO_DATASOURCE_USERNAME: db.user,
        APICURIO_DATASOURCE_PASSWORD: db.password,
      },
    };
  },

  /** Ready once Quarkus reports ready and the Confluent-compatible API answers. */
  async isReady(e) {
    const health = await fetch(`http://${e.host}:${e.ports.registryManagement}/health/ready`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!health.ok) return false;
    const subjects = await fetch(`http://${e.host}:${e.ports.registry}/apis/ccompat/v7/subjects`, {
      signal: AbortSignal.timeout(2000),
    });
    return subjects.ok;
  },
};
