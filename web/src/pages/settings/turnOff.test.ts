import { describe, expect, it } from 'vitest';
import { turnOffWarning } from './turnOff.ts';

describe('the warning before remote access is turned off', () => {
  it('says how many live sessions will end', () => {
    expect(turnOffWarning({ n: 1, more: false })).toMatch(/^1 live session will end at once\./);
    expect(turnOffWarning({ n: 3, more: false })).toMatch(/^3 live sessions will end at once\./);
    expect(turnOffWarning({ n: 200, more: true })).toMatch(/^More than 200 live sessions will end/);
    expect(turnOffWarning({ n: 0, more: false })).toMatch(/^No session is live right now\./);
  });

  it('says every live session will end when the caller cannot count them', () => {
    expect(turnOffWarning(null)).toMatch(/^Every live session will end at once\./);
    expect(turnOffWarning(undefined)).toMatch(/^Every live session will end at once\./);
  });
});
