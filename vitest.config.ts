import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests build git repositories and talk to PostgreSQL: give them room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: forks keep native modules (better-sqlite3) isolated per worker.
    pool: 'forks',
    allowOnly: false,
  },
});
