#!/usr/bin/env node
// The whole test suite, as the README and CI run it: lint, type check, portal build,
// agent executables build (for the e2e tests), unit and API tests on the embedded PGlite, the API tests again on PostgreSQL, and the
// browser tests. Prints one closing line "N passed, N failed".
//
//   npm test                    everything
//   npm test -- --skip-e2e      without the browser tests
//   npm test -- --skip-lts      without the current LTS Node.js (see lts-node.mjs): the
//                               API tests on PGlite then run on this Node.js
//   ROOMWARDEN_TEST_DATABASE_URL=postgres://…  PostgreSQL for the second API run and the cluster tests
//                               (default postgres://postgres@127.0.0.1:5432/test;
//                               skipped with a notice when unreachable, unless CI=true)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LTS_NODE_VERSION, ltsNode } from './lts-node.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = new Set(process.argv.slice(2));
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const pgUrl = process.env.ROOMWARDEN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, cmd, cmdArgs, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${cmdArgs.join(' ')}\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function vitest(name, project, env = {}, node = null) {
  const out = path.join(os.tmpdir(), `roomwarden-vitest-${process.pid}-${name}.json`);
  fs.rmSync(out, { force: true });
  const vitestArgs = ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${out}`];
  // On another Node.js, vitest runs under that binary (its workers inherit it).
  const ok = node ? step(name, node, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), ...vitestArgs], env) : step(name, 'npx', ['vitest', ...vitestArgs], env);
  let counted = false;
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    results.passed += report.numPassedTests ?? 0;
    results.failed += report.numFailedTests ?? 0;
    // A file that fails before its tests run (a hook, an import) counts as one failure.
    for (const file of report.testResults ?? []) {
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')) results.failed += 1;
    }
    results.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    counted = (report.numTotalTests ?? 0) > 0;
    if ((report.numFailedTests ?? 0) > 0 || report.success === false) failures.push(name);
  }
  if (!ok && !failures.includes(name)) failures.push(name);
  if (!counted) {
    failures.push(`${name} (ran no test)`);
    results.failed += 1;
  }
}

function check(name, cmd, cmdArgs) {
  if (step(name, cmd, cmdArgs)) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(name);
  }
}

function reachable(url) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 5432) });
    s.setTimeout(2000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

check('engines', 'node', ['scripts/check-engines.mjs']);
check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('typecheck web', 'npx', ['tsc', '-p', 'web/tsconfig.json']);
check('build portal', 'npm', ['run', 'build', '-w', 'web']);
// The e2e tests run the agent's executables (built once here, not per test file).
if (!args.has('--skip-e2e')) check('build agent executables', 'npm', ['run', 'build:agent']);
vitest('unit', 'unit');
// The current LTS runs the unit tests and the API tests on PGlite; the machine's Node.js
// (20) runs the API tests on PostgreSQL and the browser tests: each API run on each.
const lts = args.has('--skip-lts') ? null : ltsNode();
if (lts) {
  vitest(`unit-node${LTS_NODE_VERSION.split('.')[0]}`, 'unit', {}, lts);
  vitest(`api-pglite-node${LTS_NODE_VERSION.split('.')[0]}`, 'api', {}, lts);
} else {
  if (inCi && !args.has('--skip-lts')) {
    results.failed += 1;
    failures.push(`Node.js ${LTS_NODE_VERSION} (could not be fetched)`);
  } else process.stdout.write(`\nNode.js ${LTS_NODE_VERSION} is left out: the API tests on PGlite run on ${process.version}.\n`);
  vitest('api-pglite', 'api');
}
if (await reachable(pgUrl)) {
  vitest('api-postgres', 'api', { ROOMWARDEN_TEST_DATABASE_URL: pgUrl });
  // Three real nodes on PostgreSQL and a nats-server of the test's own (issue 12).
  if (fs.existsSync(process.env.ROOMWARDEN_NATS_SERVER ?? '/usr/sbin/nats-server')) vitest('cluster', 'cluster', { ROOMWARDEN_TEST_DATABASE_URL: pgUrl });
  else if (inCi) {
    results.failed += 1;
    failures.push('cluster (no nats-server: apt-get install nats-server)');
  } else process.stdout.write('\nnats-server is not installed: the cluster tests are left out.\n');
} else if (inCi) {
  results.failed += 1;
  failures.push(`api-postgres (PostgreSQL unreachable at ${pgUrl})`);
} else {
  process.stdout.write(`\nPostgreSQL is not reachable at ${pgUrl}: the PostgreSQL run of the API tests is left out.\n`);
}
if (!args.has('--skip-e2e')) vitest('e2e', 'e2e');

process.stdout.write(`\n${failures.length ? `Failed steps: ${failures.join(', ')}` : 'Every step passed.'}\n`);
process.stdout.write(`${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}\n`);
process.exit(failures.length ? 1 : 0);
