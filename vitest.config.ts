import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests beside the code, and API tests against a real app
// (PGlite by default; PostgreSQL when ROOMWARDEN_TEST_DATABASE_URL is set).
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
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
