import { defineConfig } from 'vitest/config';

/**
 * Fault tests: they stop and start components of the real stack, so they run on their own,
 * after the integration tests, against a stack started once by the global setup.
 */
export default defineConfig({
  test: {
    include: ['**/*.faults.test.ts'],
    exclude: ['node_modules/**', '.stack/**'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
