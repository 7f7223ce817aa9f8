/** The gateway's configuration, read and validated once at start. */
import { z } from 'zod';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const endpoints = readEndpoints(env);
  const urls = serviceUrls(endpoints);
  return z
    .object({
      port: z.number().int().min(1).max(65535),
      host: z.string().min(1),
      kafkaBrokers: z.array(z.string().min(1)).min(1),
      databaseUrl: z.string().url(),
      registryUrl: z.string().url(),
    })
    .strict()
    .parse({
      port: endpoints.ports.gateway,
      host: env.GATEWAY_HOST ?? '0.0.0.0',
      kafkaBrokers: env.KAFKA_BROKERS?.split(',') ?? urls.kafkaBrokers,
      databaseUrl: env.DATABASE_URL ?? urls.databaseUrl,
      registryUrl: env.SCHEMA_REGISTRY_URL ?? urls.registryUrl,
    });
}

export type GatewayConfig = ReturnType<typeof readGatewayConfig>;
