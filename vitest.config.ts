import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests beside the code, and API tests against a real app
// (PGlite by default; PostgreSQL when ROOMWARDEN_TEST_DATABASE_URL is set, which also
// brings in the *.postgres.test.ts files: several nodes sharing one database).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{protocol,server,agent,sim,web}/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'api',
          include: ['server/test/**/*.test.ts'],
          // The cluster project's files run in their own project; *.postgres.test.ts need several nodes on one database: only in the PostgreSQL run.
          exclude: ['server/test/cluster/**', ...(process.env.ROOMWARDEN_TEST_DATABASE_URL ? [] : ['server/test/**/*.postgres.test.ts'])],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        // Cluster tests (issue 12): real node processes on PostgreSQL and a NATS of their own.
        test: {
          name: 'cluster',
          include: ['server/test/cluster/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
      {
        // Browser tests: the real server (started per file by e2e/support/server.ts) and
        // Debian's Chromium through playwright-core. One file at a time.
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
