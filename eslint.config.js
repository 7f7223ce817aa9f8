import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which folder may import which (docs/boundaries.md). Each block names the folders' files; the
 * patterns match the import as written (`../processors/store.js`). Tests, test helpers, tests/
 * and perf/ are free. One `no-restricted-imports` per file: a later block replaces an earlier
 * one, so each block carries the whole list for its folder.
 */
const TESTS = ['**/*.test.ts', 'processors/domain/given.ts', 'processors/domain/properties.*.ts'];

const noStack = {
  group: ['**/stack/**'],
  message:
    'stack/ is the development stack manager (scripts/ only). To find files: platform/project-root.js, schemas/location.js, connect/location.js, migrations/location.js.',
};
const noGateway = {
  group: ['**/gateway/**'],
  message: 'gateway/ is a process of its own. Shared names go to contracts/ or platform/.',
};
const noProcessors = {
  group: ['**/processors/**'],
  message:
    "processors/ is the processor's. Read its tables through processors/read-side.js (gateway only); shared names go to contracts/ or platform/.",
};
const noSinks = {
  group: ['**/sinks/**'],
  message: 'sinks/ are processes of their own. Shared code goes to platform/, names to contracts/.',
};
const noServices = [noGateway, noProcessors, noSinks, noStack];

/** `no-restricted-imports` with these patterns for these files (tests excepted). */
const boundary = (files, patterns, paths = []) => ({
  files,
  ignores: TESTS,
  rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
});

const infrastructure = ['pg', 'kafkajs', 'ioredis', 'express', 'ws', 'undici', 'pino'].map(
  (name) => ({
    name,
    message:
      'processors/domain is pure: the processor passes the facts in and writes the events out.',
  }),
);

export default tseslint.config(
  { ignores: ['node_modules/', '.stack/', '.stack-three-brokers/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
  { files: ['gateway/web/**/*.js'], languageOptions: { globals: globals.browser } },

  boundary(
    ['gateway/**/*.ts'],
    [
      {
        regex: String.raw`(^|/)processors/(?!(domain/index|read-side)\.js$)`,
        message:
          'The gateway uses the processor through processors/domain/index.js (the rules) and processors/read-side.js (its tables); shared names go to contracts/ or platform/.',
      },
      {
        regex: String.raw`(^|/)sinks/(?!(leaderboard|stats)/public\.js$)`,
        message:
          'The gateway reads the sinks through sinks/leaderboard/public.js and sinks/stats/public.js only.',
      },
      noStack,
    ],
  ),
  boundary(['processors/**/*.ts'], [noGateway, noSinks, noStack]),
  // After processors/**: the pure rules import nothing outside processors/domain, no infrastructure.
  boundary(
    ['processors/domain/**'],
    [
      {
        group: ['../**'],
        message:
          'processors/domain imports nothing outside itself: take the value as an argument (the processor passes it in).',
      },
    ],
    infrastructure,
  ),
  boundary(['sinks/**/*.ts'], [noGateway, noProcessors, noStack]),
  // The independent second implementation of the rules: it shares nothing with anything.
  boundary(
    ['reference-model/**'],
    [
      {
        group: ['../**'],
        message:
          'reference-model/ imports nothing outside itself: it must share no code with processors/domain (or anything else) to be an independent check.',
      },
    ],
    infrastructure.map((p) => ({ ...p, message: 'reference-model/ is pure: no infrastructure.' })),
  ),
  boundary(
    ['audit/**/*.ts'],
    [
      noGateway,
      noSinks,
      noStack,
      {
        regex: String.raw`(^|/)processors/(?!decision-log\.js$)`,
        message:
          'The audit reads the processor through processors/decision-log.js only, and never its rules (processors/domain): it re-derives with reference-model/.',
      },
    ],
  ),
  boundary(
    ['contracts/**/*.ts'],
    [
      ...noServices,
      {
        group: ['**/producers/**', '**/connect/**', '**/migrations/**'],
        message: 'contracts/ is the wire definition: it imports schemas/ and platform/ only.',
      },
      {
        regex: String.raw`(^|/)platform/(?!(errors|project-root)\.js$)`,
        message:
          'contracts/ needs only platform/errors.js (and platform/project-root.js to generate); nothing that runs a service.',
      },
    ],
  ),
  boundary(
    ['platform/**/*.ts'],
    [
      ...noServices,
      {
        group: ['**/producers/**', '**/connect/**', '**/migrations/**', '**/scripts/**'],
        message: 'platform/ is shared by every process: it imports no service folder.',
      },
    ],
  ),
  boundary(
    ['producers/**/*.ts', 'connect/**/*.ts', 'schemas/**/*.ts', 'migrations/**/*.ts'],
    noServices,
  ),
);
