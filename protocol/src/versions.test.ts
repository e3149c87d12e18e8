import { describe, expect, it } from 'vitest';
import { compareAgentVersions, isOlderAgentVersion } from './versions.ts';

describe('agent versions', () => {
  it.each([
    ['0.0.9', '0.1.0', -1],
    ['0.1.0', '0.1.0', 0],
    ['0.10.0', '0.9.9', 1],
    ['1.0', '1.0.0', 0],
    ['0.2.0-rc.1', '0.2.0', -1],
    ['0.2.0', '0.2.0-rc.1', 1],
    ['0.2.0-rc.1', '0.2.0-rc.2', -1],
  ])('%s against %s', (a, b, sign) => {
    expect(Math.sign(compareAgentVersions(a, b))).toBe(sign);
  });
  it('offers an update only to an older agent', () => {
    expect(isOlderAgentVersion('0.0.9', '0.1.0')).toBe(true);
    expect(isOlderAgentVersion('0.1.1', '0.1.0')).toBe(false);
  });
});
