import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'webhooks/**/*.test.ts',
      'test/**/*.test.ts',
      'test/**/*.test.tsx',
      'extensions/**/*.test.tsx',
    ],
    // Two cores: integration suites talk to real Redis and MariaDB, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
