import { describe, expect, it } from 'vitest';
import { parseSimArgs, SimUsageError } from './cli.ts';
import { roomName } from './room-names.ts';

describe('roomwarden-sim arguments', () => {
  it('parses a fleet', () => {
    expect(parseSimArgs(['--server', 'http://127.0.0.1:8080/', '--token', 'rwe_x', '--rooms', '12', '--failure-rate', '0.05', '--vnc'])).toEqual({
      server: 'http://127.0.0.1:8080',
      token: 'rwe_x',
      rooms: 12,
      failureRate: 0.05,
      vnc: true,
    });
    expect(parseSimArgs(['-h'])).toBe('help');
  });

  it.each([
    [['--token', 't', '--rooms', '1'], /--server/],
    [['--server', 'http://x', '--rooms', '1'], /--token/],
    [['--server', 'http://x', '--token', 't'], /--rooms N is required/],
    [['--server', 'http://x', '--token', 't', '--rooms', '0'], /--rooms must be an integer between 1 and 20000/],
    [['--server', 'http://x', '--token', 't', '--rooms', '2.5'], /--rooms must be an integer/],
    [['--server', 'http://x', '--token', 't', '--rooms', '2', '--failure-rate', '3'], /--failure-rate must be a number between 0 and 1/],
    [['--server', 'http://x', '--token', 't', '--rooms', '2', '--nope'], /Unknown option/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseSimArgs(argv)).toThrow(SimUsageError);
    expect(() => parseSimArgs(argv)).toThrow(message);
  });
});

describe('room names', () => {
  it('are distinct and read like real rooms', () => {
    expect(roomName(0)).toBe('Oslo – Fjord 1');
    const names = new Set(Array.from({ length: 10_000 }, (_, i) => roomName(i)));
    expect(names.size).toBe(10_000);
  });
});
