// Process figures from /proc: resident memory and CPU time of a pid.
import fs from 'node:fs';

const TICKS_PER_SEC = 100; // USER_HZ on Linux

export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m?.[1] ? Number(m[1]) * 1024 : 0;
}

/** User + system CPU seconds used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] = utime, fields[12] = stime (1-based 14 and 15 in proc(5))
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
}

/** Samples CPU use (in % of one core) and peak RSS over `ms`. */
export async function sample(pid: number, ms: number): Promise<{ cpuPercent: number; rssBytes: number; peakRssBytes: number }> {
  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  let peak = rssBytes(pid);
  while (Date.now() - t0 < ms) {
    await new Promise((r) => setTimeout(r, Math.min(1000, ms)));
    peak = Math.max(peak, rssBytes(pid));
  }
  const elapsed = (Date.now() - t0) / 1000;
  return { cpuPercent: ((cpuSeconds(pid) - cpu0) / elapsed) * 100, rssBytes: rssBytes(pid), peakRssBytes: peak };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export const MiB = 1024 * 1024;
