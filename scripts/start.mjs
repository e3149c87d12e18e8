#!/usr/bin/env node
// `npm start`: installs what is missing, builds the portal if it is missing or older
// than its sources and the agent executables if they are missing, then runs the server
// (which migrates the database at start).
// `npm run demo`: the same, plus a simulated fleet of rooms (scripts/demo.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const demo = process.argv.includes('--demo');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  console.log('Installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const dist = path.join(root, 'web', 'dist', 'index.html');
const webSources = [path.join(root, 'web', 'src'), path.join(root, 'web', 'index.html'), path.join(root, 'protocol', 'src')];
const sourcesTime = Math.max(...webSources.filter((p) => fs.existsSync(p)).map((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)));
if (!fs.existsSync(dist) || fs.statSync(dist).mtimeMs < sourcesTime) {
  console.log('Building the portal…');
  run('npm', ['run', 'build', '-w', 'web']);
}

// The agent executables the server serves to room consoles (GET /api/v1/agent/releases).
const agentDist = path.join(root, 'agent', 'dist');
const agentBuilt = ['roomwarden-agent.json', 'roomwarden-agent-linux-x64', 'roomwarden-agent-win-x64.exe'].every((f) => fs.existsSync(path.join(agentDist, f)));
if (!agentBuilt) {
  console.log('Building the agent executables (npm run build:agent)…');
  run('npm', ['run', 'build:agent']);
}

const entry = demo ? path.join(root, 'scripts', 'demo.ts') : path.join(root, 'server', 'src', 'main.ts');
const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
