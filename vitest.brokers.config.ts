import { defineConfig } from 'vitest/config';
import { THREE_BROKERS_ENV } from './tests/three-brokers-env.js';

/**
 * The three-broker tier: a stack of its own with a three-node Kafka cluster (beside the
 * development stack, on other ports), on which brokers are killed and wiped during a replay.
 */
export default defineConfig({
  test: {
    include: ['**/*.brokers.test.ts'],
    exclude: ['node_modules/**', '.stack/**', '.stack-three-brokers/**'],
    globalSetup: ['tests/three-brokers-setup.ts'],
    env: { ...THREE_BROKERS_ENV },
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
