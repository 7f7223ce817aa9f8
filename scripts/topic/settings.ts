/**
 * Where the topic tool finds Kafka and the schema registry: the same addresses the services use
 * (platform/endpoints.ts, with its STACK_* overrides), and the services' own overrides
 * KAFKA_BROKERS (comma-separated) and SCHEMA_REGISTRY_URL.
 */
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';

export interface TopicToolSettings {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
}

export function topicToolSettings(env: NodeJS.ProcessEnv = process.env): TopicToolSettings {
  const urls = serviceUrls(readEndpoints(env));
  const brokers = env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return {
    brokers: brokers && brokers.length > 0 ? brokers : urls.kafkaBrokers,
    registryUrl: env.SCHEMA_REGISTRY_URL ?? urls.registryUrl,
  };
}
