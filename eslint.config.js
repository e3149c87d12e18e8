// Lint: type-aware rules (no-floating-promises above all) over every workspace, and the
// house's layers: imports run one way (protocol ← repositories ← services ← routes), and
// files stay under about 400 lines. server/src/lint-layers.test.ts shows each zone failing.
import tseslint from 'typescript-eslint';

// The server's feature modules: services, grouped by feature (rules; no Fastify, no SQL).
const FEATURES = ['access', 'auth', 'directory', 'sso', 'fleet', 'health', 'live-events', 'platform', 'sessions', 'gateway', 'bus', 'secrets', 'notifications', 'cluster'];
const anyOf = (dirs) => `(^|/)(${dirs.join('|')})/`;
const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'e2e/artifacts/**', 'data/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/test/**/*.ts', '**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/test/**', 'e2e/**', 'bench/**', 'server/src/db/migrations/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['protocol/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        { regex: '^@roomwarden/', message: 'protocol imports nothing of ours' },
        { regex: '(^|/)(server|agent|web|sim|e2e|bench)/', message: 'protocol imports nothing of ours' },
      ),
    },
  },
  {
    files: ['server/src/repositories/**/*.ts', 'server/src/db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        { regex: anyOf([...FEATURES, 'routes', 'http']), message: 'repositories never import services, routes or HTTP code: pass what they need in' },
        { regex: '^fastify|^@fastify/', message: 'repositories know nothing of HTTP' },
      ),
    },
  },
  {
    files: FEATURES.map((f) => `server/src/${f}/**/*.ts`),
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        { regex: '^fastify|^@fastify/|^fastify-type-provider-zod', message: 'services know nothing of HTTP: a route calls them' },
        { regex: '^kysely$|^pg$|^@electric-sql/', message: 'services build no SQL: a repository does' },
        { regex: anyOf(['routes', 'http']), message: 'services never import routes or HTTP code' },
      ),
    },
  },
  {
    files: ['server/src/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({ regex: anyOf(['repositories', 'db']), message: 'routes call one service; only repositories touch the database' }),
    },
  },
);
