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
      vnc: [{ name: 'main', host: '127.0.0.1', port: 5900, passwordFile: '/etc/vncpw' }],
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

describe('--vnc displays (DESIGN Remote session 10)', () => {
  const run = (...argv: string[]) => parseCommandLine(['run', ...argv]);

  it('keeps plain --vnc HOST:PORT as one display named main', () => {
    expect(run('--vnc', '[::1]:5901')).toEqual({ command: 'run', vnc: [{ name: 'main', host: '::1', port: 5901 }] });
  });

  it('reads NAME=HOST:PORT repeated, in order (the first is the default), with one password file for all or one per display', () => {
    expect(run('--vnc', 'front=127.0.0.1:5900', '--vnc', 'whiteboard=127.0.0.1:5901', '--vnc-password-file', '/etc/vncpw', '--vnc-password-file', 'whiteboard=/etc/wb=pw')).toEqual({
      command: 'run',
      vnc: [
        { name: 'front', host: '127.0.0.1', port: 5900, passwordFile: '/etc/vncpw' },
        { name: 'whiteboard', host: '127.0.0.1', port: 5901, passwordFile: '/etc/wb=pw' },
      ],
    });
    // A path with "=" whose head is no display of this agent is one file for all.
    expect(run('--vnc', 'front=h:1', '--vnc-password-file', 'other=/x')).toEqual({ command: 'run', vnc: [{ name: 'front', host: 'h', port: 1, passwordFile: 'other=/x' }] });
    // A plain display and a named one together: the plain one is "main".
    expect(run('--vnc', 'h:1', '--vnc', 'side=h:2')).toEqual({ command: 'run', vnc: [{ name: 'main', host: 'h', port: 1 }, { name: 'side', host: 'h', port: 2 }] });
  });

  it.each([
    [['--vnc', 'front=h:1', '--vnc', 'front=h:2'], /names the display "front" twice/],
    [['--vnc', 'h:1', '--vnc', 'h:2'], /given twice: name each display/],
    [['--vnc', 'bad name=h:1'], /is not a display name/],
    [['--vnc', 'front=nope'], /HOST:PORT/],
    [['--vnc', 'front=h:1', '--vnc-password-file', 'front='], /needs a file/],
    [['--vnc', 'front=h:1', '--vnc-password-file', 'front=/a', '--vnc-password-file', 'front=/b'], /two files/],
    [['--vnc', 'front=h:1', '--vnc-password-file', '/a', '--vnc-password-file', '/b'], /FILE is given twice/],
    [['--vnc', 'front=h:1', '--vnc', ''], /needs a value/],
  ])('rejects %j', (argv, message) => {
    expect(() => run(...argv)).toThrow(UsageError);
    expect(() => run(...argv)).toThrow(message);
  });

  it('install writes the displays and their password files into the service arguments', () => {
    const named = parseCommandLine(['install', '--vnc', 'front=127.0.0.1:5900', '--vnc', 'wb=[::1]:5901', '--vnc-password-file', '/etc/pw', '--vnc-password-file', 'wb=/etc/wbpw', '--dry-run']);
    expect(named).toMatchObject({ command: 'install', runArgs: ['--vnc', 'front=127.0.0.1:5900', '--vnc-password-file', 'front=/etc/pw', '--vnc', 'wb=[::1]:5901', '--vnc-password-file', 'wb=/etc/wbpw'] });
    // What install writes, run reads back as the same displays.
    const back = parseCommandLine(['run', ...(named as { runArgs: string[] }).runArgs]);
    expect(back).toEqual({ command: 'run', vnc: [{ name: 'front', host: '127.0.0.1', port: 5900, passwordFile: '/etc/pw' }, { name: 'wb', host: '::1', port: 5901, passwordFile: '/etc/wbpw' }] });
    expect(parseCommandLine(['install', '--vnc', '127.0.0.1:5900', '--vnc-password-file', '/etc/pw'])).toMatchObject({ runArgs: ['--vnc', '127.0.0.1:5900', '--vnc-password-file', '/etc/pw'] });
  });
});
