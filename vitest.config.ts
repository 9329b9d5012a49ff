import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    reporters: ['default'],
    // Integration tests share one engine on 2 cores.
    pool: 'forks',
    fileParallelism: false,
  },
});
