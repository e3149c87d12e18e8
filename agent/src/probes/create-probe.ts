import { LinuxProbe } from './linux/linux-probe.ts';
import type { Probe } from './probe.ts';
import { WindowsProbe } from './windows/windows-probe.ts';

/** The probe set for the platform the agent runs on. */
export function createProbe(platform: NodeJS.Platform = process.platform): Probe {
  return platform === 'win32' ? new WindowsProbe() : new LinuxProbe();
}
