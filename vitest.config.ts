import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Every test talks to real local servers (API double, fake Slack, SQLite, Redis) over loopback.
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
