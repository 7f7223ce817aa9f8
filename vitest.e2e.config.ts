import { defineConfig } from 'vitest/config';

/** Browser tests: the web page in Debian's Chromium (driven by playwright-core) on the real stack. */
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    exclude: ['node_modules/**', '.stack/**'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
