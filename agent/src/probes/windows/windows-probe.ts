// Windows room console (Microsoft Teams Rooms): one PowerShell / CIM query per cycle.
import type { Signal } from '@roomwarden/protocol';
import { runCommand, unknown, type CommandRunner, type Probe } from '../probe.ts';
import { parseWindowsProbe } from './parsers.ts';
import { powershellArgs, WINDOWS_PROBE_SCRIPT } from './script.ts';

const ALL = ['cpu', 'memory', 'disk', 'uptime', 'osVersion', 'network', 'display', 'camera', 'microphone', 'speaker', 'roomApp', 'inMeeting'] as const;

export class WindowsProbe implements Probe {
  readonly platform = 'windows' as const;
  private lastOs: string | undefined;

  constructor(
    private readonly run: CommandRunner = runCommand,
    private readonly shell = 'powershell.exe',
  ) {}

  async collect(): Promise<Signal[]> {
    const r = await this.run(this.shell, powershellArgs(WINDOWS_PROBE_SCRIPT), { timeoutMs: 30_000 });
    if (r.code !== 0) {
      const why = r.spawnError ?? `PowerShell exited with ${r.code ?? 'a signal'}: ${r.stderr.trim().slice(0, 200)}`;
      return ALL.map((n) => unknown(n, why));
    }
    const signals = parseWindowsProbe(r.stdout);
    const os = signals.find((s) => s.name === 'osVersion');
    if (os?.state === 'ok') this.lastOs = os.value;
    return signals;
  }

  async osVersion(): Promise<string | undefined> {
    if (this.lastOs) return this.lastOs;
    await this.collect();
    return this.lastOs;
  }
}
