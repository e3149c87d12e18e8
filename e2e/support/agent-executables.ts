// The agent's self-contained executables as `npm run build:agent` left them in agent/dist
// (scripts/test.mjs builds them once before the e2e run), copied alone into an empty
// directory and run with an environment whose PATH has no Node.js: what a room console has.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './server.ts';

export type AgentBuildPlatform = 'linux-x64' | 'win-x64';

export const AGENT_DIST = path.join(REPO_ROOT, 'agent', 'dist');
const NAMES: Record<AgentBuildPlatform, string> = { 'linux-x64': 'roomwarden-agent-linux-x64', 'win-x64': 'roomwarden-agent-win-x64.exe' };

export function builtAgent(platform: AgentBuildPlatform, dir = AGENT_DIST): string {
  const file = path.join(dir, NAMES[platform]);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run build:agent" first (npm test does)`);
  return file;
}

export interface AloneAgent {
  dir: string;
  exe: string;
  /** The whole environment to run it with: PATH is the agent's own directory only. */
  env: NodeJS.ProcessEnv;
  remove: () => void;
}

/** Copies the executable alone into a new empty directory. */
export function agentAlone(platform: AgentBuildPlatform, from = builtAgent(platform)): AloneAgent {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roomwarden-agent-alone-'));
  const exe = path.join(dir, platform === 'win-x64' ? 'roomwarden-agent.exe' : 'roomwarden-agent');
  fs.copyFileSync(from, exe);
  fs.chmodSync(exe, 0o755);
  const env: NodeJS.ProcessEnv = { PATH: dir, HOME: dir, TMPDIR: dir, LANG: 'C.UTF-8' };
  for (const name of (env.PATH ?? '').split(path.delimiter)) {
    if (fs.existsSync(path.join(name, 'node'))) throw new Error(`PATH ${env.PATH} has a node in it`);
  }
  return { dir, exe, env, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
