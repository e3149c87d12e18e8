import { describe, expect, it } from 'vitest';
import type { VncCheck } from '../vnc/vnc-check.ts';
import type { Probe } from './probe.ts';
import { displaysCheck, withRemoteDesktop } from './remote-desktop-probe.ts';

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

describe('remoteDesktop over several displays', () => {
  const check = (results: Record<string, VncCheck>) => displaysCheck(Object.keys(results).map((name) => ({ name })), async (d) => results[d.name]!);

  it('reads a lone display main as before', async () => {
    expect(await check({ main: { ok: true, desktopName: 'Room 4.01' } })()).toEqual({ ok: true, desktopName: 'Room 4.01' });
  });

  it('is ok naming each display when each is, failed naming the ones that fail', async () => {
    expect(await check({ front: { ok: true, desktopName: 'Front of room' }, whiteboard: { ok: true, desktopName: '' } })()).toEqual({ ok: true, desktopName: 'front: Front of room · whiteboard: available' });
    const failed = await check({ front: { ok: true, desktopName: 'Front of room' }, whiteboard: { ok: false, message: 'connection refused' } })();
    expect(failed).toEqual({ ok: false, message: 'whiteboard: connection refused (front ok)' });
    const probe = withRemoteDesktop(base, check({ front: { ok: true, desktopName: 'F' }, whiteboard: { ok: false, message: 'refused' } }));
    expect(await probe.collect()).toContainEqual({ name: 'remoteDesktop', state: 'failed', value: 'unavailable', detail: 'whiteboard: refused (front ok)' });
  });
});
