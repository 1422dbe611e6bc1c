import { defineConfig } from 'vitest/config';

/**
 * One `npm test` runs every suite. Projects:
 * - unit: pure logic beside the code (packages/*)
 * - integration: cross-package tests against DynamoDB Local and cognito-local (tests/integration, tests/isolation)
 * - infra: CDK assertions and the cdk-nag gate (tests/infra)
 * - web: React component tests in jsdom (web/src)
 * - browser: real Chromium against the locally started platform (tests/browser)
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'functions/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'tests/integration/**/*.test.ts',
            'tests/isolation/**/*.test.ts',
            'tests/fuzz/**/*.test.ts',
          ],
          globalSetup: ['tests/support/engines.global.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      './web/vitest.config.ts',
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/platform.global.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
