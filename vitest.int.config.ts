import { defineConfig } from 'vitest/config';

/** Integration tests run against the real stack, started once per run by the global setup. */
export default defineConfig({
  test: {
    include: ['**/*.int.test.ts'],
    exclude: ['node_modules/**', '.stack/**'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The stack is shared and the machine small: one file at a time keeps timings honest.
    fileParallelism: false,
  },
});
