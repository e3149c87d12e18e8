// One interface for every probe set (Linux, Windows, simulated): collect() reads the
// signals it can and says `unknown` (with a detail) for those it cannot read.
import { execFile } from 'node:child_process';
import type { AgentPlatform, Signal, SignalName, SignalState } from '@roomwarden/protocol';

export interface Probe {
  readonly platform: AgentPlatform;
  /** Reads the signals now. Never throws: a signal that cannot be read is `unknown`. */
  collect(): Promise<Signal[]>;
  /** A one-line OS description for `hello` (e.g. "Debian GNU/Linux 12 (bookworm)"). */
  osVersion(): Promise<string | undefined>;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not be started (not installed, not executable). */
  spawnError?: string;
}

/** Runs a program without a shell; injectable so parsers and probes are testable. */
export type CommandRunner = (file: string, args: string[], options?: { timeoutMs?: number }) => Promise<CommandResult>;

export const runCommand: CommandRunner = (file, args, options = {}) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: options.timeoutMs ?? 10_000, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve({ code: null, stdout: '', stderr: '', spawnError: `${file} is not installed` });
        return;
      }
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr), ...(err && code === null ? { spawnError: err.message } : {}) });
    });
  });

export function signal(name: SignalName, state: SignalState, value?: string, detail?: string): Signal {
  const s: Signal = { name, state };
  if (value !== undefined) s.value = value.slice(0, 200);
  if (detail !== undefined) s.detail = detail.slice(0, 500);
  return s;
}

export function unknown(name: SignalName, detail: string): Signal {
  return signal(name, 'unknown', undefined, detail);
}

/** Grades a ratio of use (0..1): ok below `warn`, degraded below `fail`, failed above. */
export function gradeUsage(ratio: number, warn: number, fail: number): SignalState {
  if (ratio >= fail) return 'failed';
  if (ratio >= warn) return 'degraded';
  return 'ok';
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
