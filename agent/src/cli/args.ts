// Command-line parsing for roomwarden-agent: pure, so every argument error is testable.
import { parseArgs } from 'node:util';
import { parseHostPort as parseVncHostPort, parseVncDisplays, VncArgsError, vncDisplayArgs, type VncDisplaySpec } from './vnc-display-args.ts';

export type { VncDisplaySpec } from './vnc-display-args.ts';
import { ROOM_ACTIONS, type RoomAction } from '@roomwarden/protocol';

export const USAGE = `Usage: roomwarden-agent <command> [options]

Commands:
  enroll --server URL --token T [--config FILE] [--room-name NAME]
      Exchange an enrollment token for this device's credential (written with mode 0600).
  run [--config FILE] [--vnc [NAME=]HOST:PORT]... [--vnc-password-file [NAME=]FILE]...
      [--probe-interval SEC] [--notice-display :N] [--action NAME=COMMAND]...
      Connect to the server and report this room's health until stopped. Each --vnc is a
      display the agent bridges (the first is the default; plain HOST:PORT is "main");
      --vnc-password-file FILE is every display's password, NAME=FILE one display's.
      While a remote session is live, a red ring and who is connected are shown on the
      room's screen: on Linux on the X display --notice-display names (else DISPLAY), on
      Windows by a topmost click-through window.
      --action gives the command a room action runs (restart-device, restart-app), through
      the shell, replacing the platform's default; --action NAME= (empty) turns it off.
      Defaults: Windows restart-device "shutdown.exe /r /t 5", restart-app stops the Teams
      Rooms app (its shell starts it again); Linux restart-device "systemctl reboot",
      restart-app none.
  status [--config FILE] [--api-token TOKEN]
      Show whether this machine is enrolled, its device, its server, whether it is online,
      and how its last self-update went.
  install [--config FILE] [--vnc [NAME=]HOST:PORT]... [--vnc-password-file [NAME=]FILE]... [--probe-interval SEC]
          [--notice-display :N] [--action NAME=COMMAND]... [--prefix DIR] [--no-start] [--dry-run]
      Install this executable as a service that starts at boot and restarts on failure
      (systemd on Linux, a Windows service through NSSM on Windows), running
      \`run\` with these options. Enroll first. Re-running it upgrades in place.
  uninstall [--config FILE] [--prefix DIR] [--dry-run]
      Stop and remove the service, the executable and the credentials.

Options:
  --config FILE   credentials file (default: /etc/roomwarden/agent.json as root,
                  ~/.config/roomwarden/agent.json otherwise)
  -v, --version   print the agent's version
  -h, --help      show this help
`;

export class UsageError extends Error {}

export type Command =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'enroll'; server: string; token: string; config?: string; roomName?: string }
  | { command: 'run'; config?: string; vnc?: VncDisplaySpec[]; probeIntervalSec?: number; noticeDisplay?: string; actions?: Partial<Record<RoomAction, string>> }
  | { command: 'status'; config?: string; apiToken?: string }
  | { command: 'install'; config?: string; runArgs: string[]; prefix?: string; start: boolean; dryRun: boolean }
  | { command: 'uninstall'; config?: string; prefix?: string; dryRun: boolean };

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  server: { type: 'string' },
  token: { type: 'string' },
  config: { type: 'string' },
  'room-name': { type: 'string' },
  vnc: { type: 'string', multiple: true },
  'vnc-password-file': { type: 'string', multiple: true },
  'probe-interval': { type: 'string' },
  'notice-display': { type: 'string' },
  'api-token': { type: 'string' },
  prefix: { type: 'string' },
  'no-start': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  action: { type: 'string', multiple: true },
} as const;

const ALLOWED: Record<string, readonly string[]> = {
  enroll: ['server', 'token', 'config', 'room-name'],
  run: ['config', 'vnc', 'vnc-password-file', 'probe-interval', 'notice-display', 'action'],
  status: ['config', 'api-token'],
  install: ['config', 'vnc', 'vnc-password-file', 'probe-interval', 'notice-display', 'prefix', 'no-start', 'dry-run', 'action'],
  uninstall: ['config', 'prefix', 'dry-run'],
};

/** The --vnc parsers' errors (vnc-display-args.ts) as usage errors. */
function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw err instanceof VncArgsError ? new UsageError(err.message) : err;
  }
}

export function parseHostPort(value: string): { host: string; port: number } {
  return asUsage(() => parseVncHostPort(value));
}

/** `--action NAME=COMMAND`, repeated: each action once; an empty COMMAND turns the platform's default off. */
export function parseActionOptions(values: readonly string[] | undefined): Partial<Record<RoomAction, string>> | undefined {
  if (!values?.length) return undefined;
  const actions: Partial<Record<RoomAction, string>> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq < 0 ? value : value.slice(0, eq);
    if (eq < 0 || !(ROOM_ACTIONS as readonly string[]).includes(name)) {
      throw new UsageError(`--action must be NAME=COMMAND with NAME one of ${ROOM_ACTIONS.join(', ')} (got "${value}")`);
    }
    const action = name as RoomAction;
    if (actions[action] !== undefined) throw new UsageError(`--action ${action} is given twice`);
    const command = value.slice(eq + 1).trim();
    if (/[\r\n\0]/.test(command)) throw new UsageError(`--action ${action}: the command must be one line`);
    actions[action] = command;
  }
  return actions;
}

function vncDisplays(vnc: readonly string[] | undefined, passwordFiles: readonly string[] | undefined): VncDisplaySpec[] {
  return asUsage(() => parseVncDisplays(vnc ?? [], passwordFiles ?? []));
}

function runOptions(values: { vnc?: string[]; 'vnc-password-file'?: string[]; 'probe-interval'?: string }): { vnc?: VncDisplaySpec[]; probeIntervalSec?: number } {
  const displays = vncDisplays(values.vnc, values['vnc-password-file']);
  let probeIntervalSec: number | undefined;
  if (values['probe-interval'] !== undefined) {
    probeIntervalSec = Number(values['probe-interval']);
    if (!Number.isFinite(probeIntervalSec) || probeIntervalSec < 1 || probeIntervalSec > 3600) throw new UsageError('--probe-interval must be a number of seconds between 1 and 3600');
  }
  return {
    ...(displays.length > 0 ? { vnc: displays } : {}),
    ...(probeIntervalSec !== undefined ? { probeIntervalSec } : {}),
  };
}

/** An X display name for --notice-display: ":0", ":1.0", "host:0". */
export function parseNoticeDisplay(value: string): string {
  if (!/^[A-Za-z0-9._-]*:\d{1,4}(\.\d{1,2})?$/.test(value)) throw new UsageError(`--notice-display must be an X display such as :0 (got "${value}")`);
  return value;
}

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === 'help') return { command: 'help' };
  if (values.version || command === 'version') return { command: 'version' };
  if (!command) throw new UsageError('a command is required: enroll, run, status, install or uninstall');
  const allowed = ALLOWED[command];
  if (!allowed) throw new UsageError(`unknown command "${command}": use enroll, run, status, install or uninstall`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  for (const key of Object.keys(values)) {
    if (key !== 'help' && !allowed.includes(key)) throw new UsageError(`--${key} is not an option of "${command}"`);
  }
  for (const [key, v] of Object.entries(values)) {
    if ((Array.isArray(v) ? v : [v]).some((one) => typeof one === 'string' && one.trim() === '')) throw new UsageError(`--${key} needs a value`);
  }
  const actions = parseActionOptions(values.action);
  const config = values.config;
  switch (command) {
    case 'enroll': {
      if (!values.server) throw new UsageError('enroll needs --server URL');
      if (!values.token) throw new UsageError('enroll needs --token T (create one in Settings > Enrollment)');
      if (!/^https?:\/\/[^/]/.test(values.server)) throw new UsageError(`--server must be an http:// or https:// URL (got "${values.server}")`);
      return { command: 'enroll', server: values.server, token: values.token, ...(config ? { config } : {}), ...(values['room-name'] ? { roomName: values['room-name'] } : {}) };
    }
    case 'install': {
      const run = runOptions(values);
      const runArgs = [
        ...vncDisplayArgs(run.vnc ?? []),
        ...(run.probeIntervalSec !== undefined ? ['--probe-interval', String(run.probeIntervalSec)] : []),
        ...(values['notice-display'] ? ['--notice-display', parseNoticeDisplay(values['notice-display'])] : []),
        ...Object.entries(actions ?? {}).flatMap(([name, command]) => ['--action', `${name}=${command}`]),
      ];
      return { command: 'install', ...(config ? { config } : {}), runArgs, ...(values.prefix ? { prefix: values.prefix } : {}), start: !values['no-start'], dryRun: values['dry-run'] === true };
    }
    case 'uninstall':
      return { command: 'uninstall', ...(config ? { config } : {}), ...(values.prefix ? { prefix: values.prefix } : {}), dryRun: values['dry-run'] === true };
    case 'run': {
      const { vnc, probeIntervalSec } = runOptions(values);
      return {
        command: 'run',
        ...(config ? { config } : {}),
        ...(vnc ? { vnc } : {}),
        ...(probeIntervalSec !== undefined ? { probeIntervalSec } : {}),
        ...(values['notice-display'] ? { noticeDisplay: parseNoticeDisplay(values['notice-display']) } : {}),
        ...(actions ? { actions } : {}),
      };
    }
    default:
      return { command: 'status', ...(config ? { config } : {}), ...(values['api-token'] ? { apiToken: values['api-token'] } : {}) };
  }
}
