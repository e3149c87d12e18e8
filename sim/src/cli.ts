// roomwarden-sim: a simulated fleet of rooms against a server.
import { parseArgs } from 'node:util';
import { startFleet, type FleetOptions } from './fleet.ts';

export const SIM_USAGE = `Usage: roomwarden-sim --server URL --token T --rooms N [options]

  --server URL          the Roomwarden server (http:// or https://)
  --token T             a multi-use enrollment token (Settings > Enrollment)
  --rooms N             number of simulated rooms (1..20000)
  --failure-rate R      probability per minute that a peripheral fails (0..1, default 0.01)
  --recovery SEC        mean time a failed peripheral takes to recover (default 120)
  --seed S              random seed (default 1)
  --vnc                 give each room a synthetic desktop and offer remote sessions
  --state-dir DIR       keep the rooms' credentials in DIR to reuse them next time
  -h, --help            show this help
`;

export class SimUsageError extends Error {}

export function parseSimArgs(argv: readonly string[]): FleetOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        server: { type: 'string' },
        token: { type: 'string' },
        rooms: { type: 'string' },
        'failure-rate': { type: 'string' },
        recovery: { type: 'string' },
        seed: { type: 'string' },
        vnc: { type: 'boolean' },
        'state-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new SimUsageError((err as Error).message);
  }
  if (values.help) return 'help';
  if (!values.server || !/^https?:\/\/[^/]/.test(values.server)) throw new SimUsageError('--server URL is required (http:// or https://)');
  if (!values.token) throw new SimUsageError('--token T is required (a multi-use enrollment token)');
  const num = (name: string, v: string | undefined, min: number, max: number, int: boolean): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) throw new SimUsageError(`--${name} must be ${int ? 'an integer' : 'a number'} between ${min} and ${max} (got "${v}")`);
    return n;
  };
  const rooms = num('rooms', values.rooms, 1, 20_000, true);
  if (rooms === undefined) throw new SimUsageError('--rooms N is required');
  const failureRate = num('failure-rate', values['failure-rate'], 0, 1, false);
  const recoverySec = num('recovery', values.recovery, 1, 86_400, false);
  const seed = num('seed', values.seed, 0, 2 ** 31, true);
  return {
    server: values.server.replace(/\/+$/, ''),
    token: values.token,
    rooms,
    ...(failureRate !== undefined ? { failureRate } : {}),
    ...(recoverySec !== undefined ? { recoverySec } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.vnc ? { vnc: true } : {}),
    ...(values['state-dir'] ? { stateDir: values['state-dir'] } : {}),
  };
}

export async function simMain(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseSimArgs(argv);
  } catch (err) {
    if (!(err instanceof SimUsageError)) throw err;
    process.stderr.write(`roomwarden-sim: ${err.message}\n\n${SIM_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(SIM_USAGE);
    return 0;
  }
  const say = (msg: string) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
  const fleet = await startFleet({ meetingShare: 0.4, ...options, enrollConcurrency: 8, logger: { info: say, warn: say, error: say } });
  const timer = setInterval(() => {
    const s = fleet.stats();
    say(`rooms ${s.rooms}: ${s.online} online, ${s.stopped} stopped; ${s.heartbeats} heartbeats, ${s.reports} reports sent`);
  }, 10_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  clearInterval(timer);
  await fleet.stop();
  return 0;
}
