import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  distinctCameraNames,
  drmConnectorName,
  parseAplayList,
  parseAsoundCards,
  parseAsoundPcm,
  parseLoadavg,
  parseMeminfo,
  parseOsRelease,
  parseUptime,
  parseXrandr,
  usableInterfaces,
} from './parsers.ts';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', name), 'utf8');

describe('Linux parsers on recorded output', () => {
  it('reads /proc/loadavg and rejects garbage', () => {
    expect(parseLoadavg('0.52 0.58 0.59 2/1234 56789\n')).toEqual({ load1: 0.52, load5: 0.58, load15: 0.59 });
    expect(parseLoadavg('nope')).toBeUndefined();
  });

  it('reads MemTotal and MemAvailable from /proc/meminfo', () => {
    expect(parseMeminfo(fixture('meminfo.txt'))).toEqual({ totalBytes: 16243264 * 1024, availableBytes: 9012344 * 1024 });
    expect(parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\nCached: 20 kB\nBuffers: 5 kB\n')).toEqual({ totalBytes: 102400, availableBytes: 35 * 1024 });
    expect(parseMeminfo('')).toBeUndefined();
  });

  it('reads /proc/uptime', () => {
    expect(parseUptime('273412.55 512345.12\n')).toBe(273412.55);
    expect(parseUptime('x')).toBeUndefined();
  });

  it('reads the pretty name from /etc/os-release', () => {
    expect(parseOsRelease(fixture('os-release.txt'))).toBe('Ubuntu 22.04.4 LTS');
    expect(parseOsRelease('NAME=Fedora\nVERSION_ID=40\n')).toBe('Fedora 40');
    expect(parseOsRelease('ID=x\n')).toBeUndefined();
  });

  it('lists xrandr outputs with their state and current mode', () => {
    expect(parseXrandr(fixture('xrandr-two-outputs.txt'))).toEqual([
      { name: 'eDP-1', connected: true, primary: true, resolution: '1920x1080' },
      { name: 'HDMI-1', connected: true, primary: false, resolution: '1920x1080' },
      { name: 'DP-1', connected: false, primary: false },
      { name: 'DP-2', connected: false, primary: false },
      { name: 'HDMI-2', connected: true, primary: false },
    ]);
    expect(parseXrandr(fixture('xrandr-none.txt')).filter((o) => o.connected)).toEqual([]);
  });

  it('names DRM connectors and skips the card entries', () => {
    expect(drmConnectorName('card0-HDMI-A-1')).toBe('HDMI-A-1');
    expect(drmConnectorName('card1-eDP-1')).toBe('eDP-1');
    expect(drmConnectorName('card0')).toBeUndefined();
    expect(drmConnectorName('renderD128')).toBeUndefined();
  });

  it('reads ALSA cards and PCM directions', () => {
    expect(parseAsoundCards(fixture('asound-cards.txt'))).toEqual([
      { index: 0, id: 'PCH', name: 'HDA Intel PCH' },
      { index: 1, id: 'NVidia', name: 'HDA NVidia' },
      { index: 2, id: 'RallyMicPod', name: 'Logitech Rally Mic Pod' },
    ]);
    expect(parseAsoundCards('--- no soundcards ---\n')).toEqual([]);
    const pcm = parseAsoundPcm(fixture('asound-pcm.txt'));
    expect(pcm).toHaveLength(5);
    expect(pcm[0]).toEqual({ card: 0, device: 0, name: 'ALC3246 Analog', playback: true, capture: true });
    expect(pcm.filter((d) => d.capture).map((d) => d.card)).toEqual([0, 2]);
  });

  it('reads arecord -l and aplay -l listings', () => {
    expect(parseAplayList(fixture('arecord-l.txt'))).toEqual([
      { card: 0, cardName: 'HDA Intel PCH', device: 0, deviceName: 'ALC3246 Analog' },
      { card: 2, cardName: 'Logitech Rally Mic Pod', device: 0, deviceName: 'USB Audio' },
    ]);
    expect(parseAplayList(fixture('aplay-l.txt')).map((d) => d.deviceName)).toEqual(['ALC3246 Analog', 'DELL U2719D']);
    expect(parseAplayList('aplay: device_list:274: no soundcards found...\n')).toEqual([]);
  });

  it('counts a camera once across its V4L2 nodes', () => {
    expect(distinctCameraNames(['Logitech Rally Camera\n', 'Logitech Rally Camera\n', 'Integrated Webcam', ''])).toEqual(['Logitech Rally Camera', 'Integrated Webcam']);
  });

  it('keeps interfaces that are up with a routable address', () => {
    const ifs = {
      lo: [{ address: '127.0.0.1', internal: true, family: 'IPv4' }],
      eth0: [{ address: '10.0.0.5', internal: false, family: 'IPv4' }],
      wlan0: [{ address: 'fe80::1', internal: false, family: 'IPv6' }],
      eth1: [{ address: '10.0.1.5', internal: false, family: 'IPv4' }],
    };
    const state: Record<string, string> = { eth0: 'up', wlan0: 'up', eth1: 'down' };
    expect(usableInterfaces(ifs, (n) => state[n])).toEqual([{ name: 'eth0', address: '10.0.0.5' }]);
  });
});
