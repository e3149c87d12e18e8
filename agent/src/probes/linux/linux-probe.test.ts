// The Linux probe over a recorded /proc, /sys and /etc tree (a temporary root) and an
// injected command runner; and once on this machine, where it must not invent values.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Signal } from '@roomwarden/protocol';
import type { CommandRunner } from '../probe.ts';
import { LinuxProbe } from './linux-probe.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const byName = (signals: Signal[]) => Object.fromEntries(signals.map((s) => [s.name, s]));
let root: string | undefined;

afterEach(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
  root = undefined;
});

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rw-linux-'));
  for (const [p, content] of Object.entries(files)) {
    await fs.mkdir(path.join(dir, path.dirname(p)), { recursive: true });
    await fs.writeFile(path.join(dir, p), content);
  }
  return dir;
}

const notInstalled: CommandRunner = async (file) => ({ code: null, stdout: '', stderr: '', spawnError: `${file} is not installed` });
const fixture = (name: string) => fs.readFile(path.join(fixtures, name), 'utf8');

describe('LinuxProbe', () => {
  it('reads a room PC with DRM, ALSA and V4L2 devices', async () => {
    root = await tree({
      'proc/loadavg': '0.40 0.50 0.60 1/300 4242\n',
      'proc/meminfo': await fixture('meminfo.txt'),
      'proc/uptime': '90061.2 1000.0\n',
      'etc/os-release': await fixture('os-release.txt'),
      'proc/asound/cards': await fixture('asound-cards.txt'),
      'proc/asound/pcm': await fixture('asound-pcm.txt'),
      'sys/class/drm/card0/dev': '226:0\n',
      'sys/class/drm/card0-HDMI-A-1/status': 'connected\n',
      'sys/class/drm/card0-DP-1/status': 'disconnected\n',
      'sys/class/video4linux/video0/name': 'Logitech Rally Camera\n',
      'sys/class/video4linux/video1/name': 'Logitech Rally Camera\n',
      'sys/class/net/eth0/operstate': 'up\n',
    });
    const probe = new LinuxProbe({
      root,
      run: notInstalled,
      env: {},
      cpuCount: () => 4,
      networkInterfaces: () => ({ eth0: [{ address: '10.1.2.3', netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:01', internal: false, cidr: '10.1.2.3/24' }] }),
    });
    const s = byName(await probe.collect());
    expect(s.cpu).toMatchObject({ state: 'ok', value: '13 % (load 0.40 on 4 cores)' });
    expect(s.memory).toMatchObject({ state: 'ok', value: '45 % used of 15 GiB' });
    expect(s.disk?.state).toMatch(/ok|degraded|failed/);
    expect(s.uptime).toEqual({ name: 'uptime', state: 'ok', value: '1 d 1 h' });
    expect(s.osVersion).toEqual({ name: 'osVersion', state: 'ok', value: 'Ubuntu 22.04.4 LTS' });
    expect(s.network).toEqual({ name: 'network', state: 'ok', value: 'eth0 10.1.2.3' });
    expect(s.display).toEqual({ name: 'display', state: 'ok', value: 'HDMI-A-1' });
    expect(s.microphone).toEqual({ name: 'microphone', state: 'ok', value: 'HDA Intel PCH, Logitech Rally Mic Pod' });
    expect(s.speaker).toEqual({ name: 'speaker', state: 'ok', value: 'HDA Intel PCH, HDA NVidia' });
    expect(s.camera).toEqual({ name: 'camera', state: 'ok', value: 'Logitech Rally Camera' });
    // nothing on Linux tells whether a meeting is on: unknown, never a made-up value
    expect(s.inMeeting).toEqual({ name: 'inMeeting', state: 'unknown', detail: 'a Linux console cannot tell whether a meeting is on' });
  });

  it('prefers xrandr when there is an X display, and arecord/aplay when installed', async () => {
    root = await tree({ 'proc/loadavg': '3.0 9.0 9.0 1/1 1\n' });
    const run: CommandRunner = async (file) => {
      if (file === 'xrandr') return { code: 0, stdout: await fixture('xrandr-two-outputs.txt'), stderr: '' };
      if (file === 'arecord') return { code: 0, stdout: await fixture('arecord-l.txt'), stderr: '' };
      if (file === 'aplay') return { code: 0, stdout: '**** List of PLAYBACK Hardware Devices ****\n', stderr: '' };
      return { code: 1, stdout: '', stderr: '' };
    };
    const s = byName(await new LinuxProbe({ root, run, env: { DISPLAY: ':0' }, cpuCount: () => 4, networkInterfaces: () => ({}) }).collect());
    expect(s.display).toEqual({ name: 'display', state: 'ok', value: '1920x1080 eDP-1, 1920x1080 HDMI-1, inactive HDMI-2' });
    expect(s.microphone).toEqual({ name: 'microphone', state: 'ok', value: 'ALC3246 Analog, USB Audio' });
    expect(s.speaker).toEqual({ name: 'speaker', state: 'failed', detail: 'no playback device (aplay -l)' });
    expect(s.cpu?.state).toBe('failed');
    expect(s.network).toEqual({ name: 'network', state: 'failed', detail: 'no network interface is up with an address' });
  });

  it('says unknown, with the reason, for everything it cannot read', async () => {
    root = await tree({});
    const s = byName(await new LinuxProbe({ root, run: notInstalled, env: {}, networkInterfaces: () => ({}) }).collect());
    for (const n of ['cpu', 'memory', 'uptime', 'osVersion', 'display', 'microphone', 'speaker', 'camera'] as const) {
      expect(s[n]?.state, n).toBe('unknown');
      expect(s[n]?.value, n).toBeUndefined();
      expect(s[n]?.detail, n).toMatch(/./);
    }
  });

  it('reads real signals on this machine, each either a reading or unknown with a reason', async () => {
    const signals = await new LinuxProbe().collect();
    const s = byName(signals);
    for (const n of ['cpu', 'memory', 'disk', 'uptime', 'osVersion', 'network'] as const) expect(s[n]?.state, n).not.toBe('unknown');
    expect(s.osVersion?.value).toBeTruthy();
    for (const sig of signals) {
      if (sig.state === 'unknown') expect(sig.value).toBeUndefined();
      if (sig.state === 'unknown') expect(sig.detail).toMatch(/./);
    }
  });
});
