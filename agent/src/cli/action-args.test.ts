// `--action NAME=COMMAND` on run and install (the room actions' commands).
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from './args.ts';

describe('--action NAME=COMMAND', () => {
  it('is repeated on run: each action its command; an empty one turns the default off', () => {
    expect(parseCommandLine(['run', '--action', "restart-device=sh -c 'echo rebooting > /tmp/x'", '--action', 'restart-app='])).toEqual({
      command: 'run',
      actions: { 'restart-device': "sh -c 'echo rebooting > /tmp/x'", 'restart-app': '' },
    });
    expect(parseCommandLine(['run', '--action=restart-app=systemctl restart kiosk=1'])).toMatchObject({ actions: { 'restart-app': 'systemctl restart kiosk=1' } });
    expect(parseCommandLine(['run'])).toEqual({ command: 'run' });
  });

  it('install passes them on to the service, each as one argument', () => {
    const cmd = parseCommandLine(['install', '--vnc', '127.0.0.1:5900', '--action', 'restart-app=touch /tmp/app', '--action', 'restart-device=']);
    expect(cmd).toMatchObject({ command: 'install', runArgs: ['--vnc', '127.0.0.1:5900', '--action', 'restart-app=touch /tmp/app', '--action', 'restart-device='] });
  });

  it.each([
    [['run', '--action', 'reboot=now'], /NAME one of restart-device, restart-app/],
    [['run', '--action', 'restart-device'], /NAME=COMMAND/],
    [['run', '--action', 'restart-app=a', '--action', 'restart-app=b'], /given twice/],
    [['status', '--action', 'restart-app=a'], /--action is not an option of "status"/],
    [['enroll', '--server', 'https://x', '--token', 't', '--action', 'restart-app=a'], /--action is not an option of "enroll"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
