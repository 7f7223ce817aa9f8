import { describe, expect, it } from 'vitest';
import { topicToolSettings } from './settings.js';

describe('topicToolSettings', () => {
  it('uses the addresses the services use, from the stack ports', () => {
    expect(topicToolSettings({})).toEqual({
      brokers: ['127.0.0.1:9092'],
      registryUrl: 'http://127.0.0.1:8081/apis/ccompat/v7',
    });
    expect(topicToolSettings({ STACK_KAFKA_PORT: '19092', STACK_REGISTRY_PORT: '18081' })).toEqual({
      brokers: ['127.0.0.1:19092'],
      registryUrl: 'http://127.0.0.1:18081/apis/ccompat/v7',
    });
  });

  it('takes the services own overrides, KAFKA_BROKERS and SCHEMA_REGISTRY_URL', () => {
    expect(
      topicToolSettings({
        KAFKA_BROKERS: 'k1:9092, k2:9092',
        SCHEMA_REGISTRY_URL: 'http://registry:8081',
      }),
    ).toEqual({ brokers: ['k1:9092', 'k2:9092'], registryUrl: 'http://registry:8081' });
  });
});
