import { describe, expect, it } from 'vitest';
import type { VncCheck } from '../vnc/vnc-check.ts';
import type { Probe } from './probe.ts';
import { withRemoteDesktop } from './remote-desktop-probe.ts';

const base: Probe = { platform: 'linux', osVersion: async () => 'Debian', collect: async () => [{ name: 'cpu', state: 'ok', value: '3 %' }] };

describe('remoteDesktop signal', () => {
  it('is unknown, saying why, when the agent has no VNC bridge', async () => {
    const signals = await withRemoteDesktop(base, undefined).collect();
    expect(signals).toContainEqual({ name: 'remoteDesktop', state: 'unknown', detail: expect.stringContaining('--vnc') });
  });

  it('is ok with the desktop name, or failed as unavailable with the reason', async () => {
    let result: VncCheck = { ok: true, desktopName: 'Room 4.01' };
    let t = 0;
    const probe = withRemoteDesktop(base, async () => result, 60_000, () => t);
    expect(await probe.collect()).toContainEqual({ name: 'remoteDesktop', state: 'ok', value: 'Room 4.01' });
    result = { ok: false, message: "The room's VNC server refused the password" };
    // A good result is kept for the interval; after it the next check sees the failure.
    expect(await probe.collect()).toContainEqual(expect.objectContaining({ state: 'ok' }));
    t = 60_000;
    expect(await probe.collect()).toContainEqual({ name: 'remoteDesktop', state: 'failed', value: 'unavailable', detail: "The room's VNC server refused the password" });
    // A failure is checked again on every round, so a repaired server shows at once.
    result = { ok: true, desktopName: 'Room 4.01' };
    expect(await probe.collect()).toContainEqual(expect.objectContaining({ state: 'ok' }));
  });
});
