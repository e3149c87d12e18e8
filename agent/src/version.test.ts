import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_VERSION, PACKAGE_VERSION } from './version.ts';

describe('agent version', () => {
  it('is agent/package.json\'s version when run from the checkout', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
    expect(AGENT_VERSION).toBe(pkg.version);
  });
});
