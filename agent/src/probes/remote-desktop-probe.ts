// The `remoteDesktop` signal: whether the agent can reach and authenticate to the room's
// VNC server, and why not. Checked when the agent starts and then at most every
// `intervalMs` (a check is a real RFB connection: not on every probe round).
import type { Signal } from '@roomwarden/protocol';
import { DEFAULT_DISPLAY_NAME } from '@roomwarden/protocol';
import type { VncCheck } from '../vnc/vnc-check.ts';
import { signal, type Probe } from './probe.ts';

const NO_BRIDGE = 'this agent runs without a VNC bridge (start it with --vnc HOST:PORT)';

export function remoteDesktopSignal(check: VncCheck | undefined): Signal {
  if (!check) return signal('remoteDesktop', 'unknown', undefined, NO_BRIDGE);
  return check.ok ? signal('remoteDesktop', 'ok', check.desktopName || 'available') : signal('remoteDesktop', 'failed', 'unavailable', check.message);
}

/**
 * One check over every display the agent bridges (`--vnc NAME=HOST:PORT`, repeated): ok
 * when each is, its value naming each display's desktop; failed when any is, saying which.
 * A lone display "main" reads as before: its desktop's name.
 */
export function displaysCheck<D extends { name: string }>(displays: readonly D[], check: (display: D) => Promise<VncCheck>): () => Promise<VncCheck> {
  return async () => {
    const results = await Promise.all(displays.map(async (d) => ({ name: d.name, result: await check(d) })));
    const only = results.length === 1 ? results[0] : undefined;
    if (only && only.name === DEFAULT_DISPLAY_NAME) return only.result;
    const failed = results.filter((r) => !r.result.ok);
    if (failed.length > 0) {
      const why = failed.map((r) => `${r.name}: ${r.result.ok ? '' : r.result.message}`);
      const fine = results.filter((r) => r.result.ok).map((r) => r.name);
      return { ok: false, message: `${why.join('; ')}${fine.length ? ` (${fine.join(', ')} ok)` : ''}`.slice(0, 500) };
    }
    return { ok: true, desktopName: results.map((r) => `${r.name}: ${(r.result.ok && r.result.desktopName) || 'available'}`).join(' · ').slice(0, 200) };
  };
}

/** `probe`'s signals plus remoteDesktop; without `check` (no --vnc) the signal is unknown, saying why. */
export function withRemoteDesktop(probe: Probe, check: (() => Promise<VncCheck>) | undefined, intervalMs = 5 * 60_000, now: () => number = Date.now): Probe {
  let last: { at: number; result: VncCheck } | undefined;
  const current = async (): Promise<VncCheck | undefined> => {
    if (!check) return undefined;
    if (!last || now() - last.at >= intervalMs || !last.result.ok) last = { at: now(), result: await check() };
    return last.result;
  };
  return {
    platform: probe.platform,
    osVersion: () => probe.osVersion(),
    async collect() {
      const [signals, vnc] = await Promise.all([probe.collect(), current()]);
      return [...signals.filter((s) => s.name !== 'remoteDesktop'), remoteDesktopSignal(vnc)];
    },
  };
}
