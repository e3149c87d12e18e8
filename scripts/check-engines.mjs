#!/usr/bin/env node
// Every installed dependency must accept the Node.js versions Roomwarden supports: the
// oldest the README names (the root package.json's `engines`), the machine's own, and the
// LTS the test suite also runs on. npm only warns (EBADENGINE) where this check fails.
//
//   node scripts/check-engines.mjs        exit 1, naming each package, when one does not
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { LTS_NODE_VERSION } from './lts-node.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(root, 'package.json'));
const semver = require('semver');

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const oldest = semver.minVersion(manifest.engines.node).version;
const versions = [...new Set([oldest, process.versions.node, LTS_NODE_VERSION])];

const refused = [];
for (const [where, pkg] of Object.entries(lock.packages)) {
  const range = pkg.engines?.node;
  if (!where || typeof range !== 'string') continue;
  const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
  for (const v of versions) {
    if (!semver.satisfies(v, range, { includePrerelease: true })) refused.push(`${name}@${pkg.version} wants node ${range}: not ${v} (${where})`);
  }
}
if (refused.length) {
  process.stdout.write(`Dependencies that refuse a supported Node.js (${versions.join(', ')}):\n${refused.map((r) => `  ${r}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`Every dependency accepts Node.js ${versions.join(', ')}.\n`);
