// Every end reason the server or the agent writes has a label in the protocol's catalogue,
// so the portal never shows a bare code for a reason this version itself produces.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isKnownSessionEndReason } from '@roomwarden/protocol';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Where sessions are ended: the server's sessions module, the sessions policy (why a live
// session must end), and the agent.
const SOURCES: Array<[dir: string, file: RegExp]> = [['server/src/sessions', /./], ['server/src/access/policies', /^sessions\./], ['agent/src', /./], ['agent/src/vnc', /./]];
// A snake_case literal passed to an end/fail/close call, given as a reason, or returned (a policy's answer).
const REASON_USE = /(?:\b(?:end|endAll|endSafely|close)\(\s*[^,()]*,\s*|\breason(?::|\s*=)\s*|\bthis\.end\(\s*|\breturn\s+)'([a-z0-9]+(?:_[a-z0-9]+)+)'/g;

function reasonsWritten(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [dir, only] of SOURCES) {
    for (const name of readdirSync(path.join(root, dir))) {
      if (!only.test(name) || !name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const text = readFileSync(path.join(root, dir, name), 'utf8');
      for (const m of text.matchAll(REASON_USE)) found.set(m[1]!, `${dir}/${name}`);
    }
  }
  return found;
}

describe('session end reasons', () => {
  it('finds the reasons the code writes (the scan itself works)', () => {
    const found = reasonsWritten();
    for (const reason of ['viewer_closed', 'room_removed', 'server_restart', 'vnc_auth_failed', 'agent_stopping']) expect(found.has(reason), reason).toBe(true);
  });

  it('has a label for each of them', () => {
    const unlabelled = [...reasonsWritten()].filter(([reason]) => !isKnownSessionEndReason(reason)).map(([reason, file]) => `${reason} (${file})`);
    expect(unlabelled).toEqual([]);
  });
});
