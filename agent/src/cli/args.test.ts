import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { parseCommandLine, parseHostPort, UsageError } from './args.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

describe('roomwarden-agent arguments', () => {
  it('parses the three commands', () => {
    expect(parseCommandLine(['enroll', '--server', 'https://rw.example.com', '--token', 'rwe_abcdefghijk', '--room-name', 'Oslo – Fjord 3'])).toEqual({
      command: 'enroll',
      server: 'https://rw.example.com',
      token: 'rwe_abcdefghijk',
      roomName: 'Oslo – Fjord 3',
    });
    expect(parseCommandLine(['run', '--config', '/tmp/a.json', '--vnc', '127.0.0.1:5900', '--vnc-password-file', '/etc/vncpw'])).toEqual({
      command: 'run',
      config: '/tmp/a.json',
      vnc: { host: '127.0.0.1', port: 5900 },
      vncPasswordFile: '/etc/vncpw',
    });
    expect(parseCommandLine(['status'])).toEqual({ command: 'status' });
    expect(parseCommandLine(['--help'])).toEqual({ command: 'help' });
  });

  it.each([
    [[], /a command is required/],
    [['launch'], /unknown command "launch"/],
    [['enroll', '--token', 'rwe_abcdefghijk'], /needs --server/],
    [['enroll', '--server', 'https://x'], /needs --token/],
    [['enroll', '--server', 'ftp://x', '--token', 't'], /http:\/\/ or https:\/\//],
    [['run', '--vnc', 'localhost'], /HOST:PORT/],
    [['run', '--vnc', 'localhost:70000'], /HOST:PORT/],
    [['run', '--vnc-password-file', '/x'], /needs --vnc/],
    [['run', '--probe-interval', '0'], /between 1 and 3600/],
    [['run', '--notice-display', 'DISPLAY'], /--notice-display must be an X display/],
    [['status', '--notice-display', ':0'], /--notice-display is not an option of "status"/],
    [['status', '--token', 'x'], /--token is not an option of "status"/],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['run', 'extra'], /unexpected argument "extra"/],
    [['enroll', '--server', '', '--token', 'x'], /needs a value|needs --server/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('takes --notice-display for run and passes it on to the service that install makes', () => {
    expect(parseCommandLine(['run', '--notice-display', ':0'])).toEqual({ command: 'run', noticeDisplay: ':0' });
    expect(parseCommandLine(['run', '--notice-display', 'localhost:10.0'])).toEqual({ command: 'run', noticeDisplay: 'localhost:10.0' });
    expect(parseCommandLine(['install', '--notice-display', ':1', '--dry-run'])).toMatchObject({ command: 'install', runArgs: ['--notice-display', ':1'] });
  });

  it('reads IPv6 hosts in brackets', () => {
    expect(parseHostPort('[::1]:5901')).toEqual({ host: '::1', port: 5901 });
  });

  it('exits 2 with the message and the usage on bad arguments', async () => {
    const c = capture();
    expect(await main(['run', '--vnc', 'nope'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/--vnc must be HOST:PORT[\s\S]*Usage: roomwarden-agent/);
    expect(c.out).toEqual([]);
  });

  it('prints the usage for --help and exits 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out.join('')).toContain('Usage: roomwarden-agent <command>');
  });

  it('status says "not enrolled" (exit 1) when there is no credentials file', async () => {
    const c = capture();
    expect(await main(['status', '--config', '/nonexistent/roomwarden/agent.json'], c.io)).toBe(1);
    expect(c.out.join('')).toContain('enrolled:  no');
  });

  it('enroll reports an unreachable server clearly (exit 1)', async () => {
    const c = capture();
    expect(await main(['enroll', '--server', 'http://127.0.0.1:18399', '--token', 'rwe_abcdefghijk', '--config', '/tmp/rw-never-written.json'], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/cannot reach http:\/\/127\.0\.0\.1:18399/);
  });
});
