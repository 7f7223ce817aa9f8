import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.component.test.ts'],
    exclude: ['node_modules/**', '.stack/**'],
  },
});
