import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReleaseFiles } from './release-files.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function distWith(files: Record<string, string>, manifest?: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-dist-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  if (manifest !== undefined) fs.writeFileSync(path.join(dir, 'roomwarden-agent.json'), JSON.stringify(manifest));
  return dir;
}

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

describe('ReleaseFiles', () => {
  it('reads the manifest and gives each file its size and SHA-256', async () => {
    const dir = distWith({ 'roomwarden-agent-linux-x64': 'linux build' }, { version: '0.3.0', files: [{ platform: 'linux-x64', file: 'roomwarden-agent-linux-x64' }] });
    const set = await new ReleaseFiles(dir).refresh();
    expect(set).toMatchObject({ version: '0.3.0', files: [{ platform: 'linux-x64', size: 11, sha256: sha('linux build') }] });
    expect(set.problem).toBeUndefined();
  });

  it('hashes once: an unchanged file (same size and mtime) keeps its hash; a changed one is hashed again', async () => {
    const dir = distWith({ 'roomwarden-agent-linux-x64': 'aaaa' }, { version: '1', files: [{ platform: 'linux-x64', file: 'roomwarden-agent-linux-x64' }] });
    const files = new ReleaseFiles(dir);
    await files.refresh();
    const file = path.join(dir, 'roomwarden-agent-linux-x64');
    const st = fs.statSync(file);
    fs.writeFileSync(file, 'bbbb');
    fs.utimesSync(file, st.atime, st.mtime);
    // sub-millisecond mtimes may not survive utimes: only assert when they did
    if (fs.statSync(file).mtimeMs === st.mtimeMs) expect((await files.refresh()).files[0]?.sha256).toBe(sha('aaaa'));
    fs.writeFileSync(file, 'ccccc');
    expect((await files.refresh()).files[0]?.sha256).toBe(sha('ccccc'));
  });

  it('says what is missing instead of failing', async () => {
    const none = await new ReleaseFiles(distWith({})).refresh();
    expect(none).toMatchObject({ version: null, files: [] });
    expect(none.problem).toMatch(/npm run build:agent/);
    const half = await new ReleaseFiles(distWith({}, { version: '1', files: [{ platform: 'win-x64', file: 'roomwarden-agent-win-x64.exe' }] })).refresh();
    expect(half.problem).toMatch(/missing .*roomwarden-agent-win-x64.exe/);
  });
});
