import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Signal } from '@roomwarden/protocol';
import type { CommandRunner } from '../probe.ts';
import { endpointDirection, inMeeting, parseWindowsProbe } from './parsers.ts';
import { WindowsProbe } from './windows-probe.ts';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', name), 'utf8');
const byName = (signals: Signal[]) => Object.fromEntries(signals.map((s) => [s.name, s]));

describe('Windows probe parsers on recorded PowerShell output', () => {
  it('reads a healthy Teams Rooms console', () => {
    const s = byName(parseWindowsProbe(fixture('windows-mtr-healthy.json')));
    expect(s.osVersion).toEqual({ name: 'osVersion', state: 'ok', value: 'Microsoft Windows 11 IoT Enterprise 10.0.22631' });
    expect(s.camera).toEqual({ name: 'camera', state: 'ok', value: 'Logitech Rally Camera' });
    expect(s.contentCamera).toEqual({ name: 'contentCamera', state: 'ok', value: 'Logitech Scribe' });
    expect(s.microphone).toEqual({ name: 'microphone', state: 'ok', value: 'Microphone (Logitech Rally Mic Pod)' });
    expect(s.speaker?.state).toBe('ok');
    expect(s.speaker?.value).toBe('Rally Speaker (Logitech Rally Audio), DELL U2719D (Intel(R) Display Audio)');
    expect(s.display).toEqual({ name: 'display', state: 'ok', value: '2 active (1920x1080, 3840x2160)' });
    expect(s.network).toEqual({ name: 'network', state: 'ok', value: 'Intel(R) Ethernet Connection (17) I219-LM 10.40.12.57' });
    expect(s.roomApp).toEqual({ name: 'roomApp', state: 'ok', value: 'Microsoft.SkypeRoomSystem' });
    expect(s.appVersion).toEqual({ name: 'appVersion', state: 'ok', value: '5.2.115.0' });
    expect(s.cpu).toEqual({ name: 'cpu', state: 'ok', value: '7 %' });
    expect(s.memory?.state).toBe('ok');
    expect(s.disk?.state).toBe('ok');
    expect(s.uptime).toEqual({ name: 'uptime', state: 'ok', value: '3 d 3 h' });
  });

  it('reports a broken camera, a stopped app, no active monitor and a link-local address as failures', () => {
    const s = byName(parseWindowsProbe(fixture('windows-mtr-camera-error.json')));
    expect(s.camera?.state).toBe('failed');
    expect(s.camera?.detail).toBe('Poly Studio reports status Error (error code 10)');
    expect(s.contentCamera).toBeUndefined();
    // a speakerphone is one name for two endpoints: render and capture
    expect(s.microphone).toEqual({ name: 'microphone', state: 'ok', value: 'Echo Cancelling Speakerphone (Poly Studio)' });
    expect(s.speaker).toEqual({ name: 'speaker', state: 'ok', value: 'Echo Cancelling Speakerphone (Poly Studio)' });
    expect(s.display).toEqual({ name: 'display', state: 'failed', detail: 'no active monitor' });
    expect(s.network).toEqual({ name: 'network', state: 'failed', detail: 'no adapter with an IP address' });
    expect(s.roomApp).toEqual({ name: 'roomApp', state: 'failed', detail: 'the Teams Rooms app is not running' });
    expect(s.memory?.state).toBe('failed');
    expect(s.disk?.state).toBe('degraded');
    expect(s.cpu?.state).toBe('degraded');
  });

  it('says unknown for every part whose query failed, never a made-up value', () => {
    const s = byName(parseWindowsProbe(fixture('windows-mtr-queries-failed.json')));
    for (const n of ['cpu', 'disk', 'display', 'camera', 'microphone', 'speaker'] as const) {
      expect(s[n]?.state, n).toBe('unknown');
      expect(s[n]?.value, n).toBeUndefined();
      expect(s[n]?.detail, n).toMatch(/./);
    }
    expect(s.network).toEqual({ name: 'network', state: 'ok', value: 'Microsoft Hyper-V Network Adapter 172.20.1.9' });
    expect(s.roomApp).toEqual({ name: 'roomApp', state: 'ok', value: 'ms-teams' });
    expect(s.appVersion?.state).toBe('unknown');
  });

  it('reads a Lenovo console with a Logitech Rally Bar, a Shure array and two HDMI displays, in a meeting', () => {
    const s = byName(parseWindowsProbe(fixture('windows-mtr-rallybar-in-meeting.json')));
    expect(s.camera).toEqual({ name: 'camera', state: 'ok', value: 'Logitech Rally Bar' });
    expect(s.contentCamera).toBeUndefined();
    expect(s.microphone).toEqual({ name: 'microphone', state: 'ok', value: 'Microphone (Shure ANIUSB-MATRIX), Echo Cancelling Speakerphone (Logitech Rally Bar)' });
    expect(s.speaker).toEqual({ name: 'speaker', state: 'ok', value: 'Echo Cancelling Speakerphone (Logitech Rally Bar), SAMSUNG (Intel(R) Display Audio)' });
    expect(s.display).toEqual({ name: 'display', state: 'ok', value: '2 active (1920x1080, 1920x1080)' });
    expect(s.network).toEqual({ name: 'network', state: 'ok', value: 'Intel(R) Ethernet Connection (13) I219-V 10.40.18.23' });
    expect(s.roomApp).toEqual({ name: 'roomApp', state: 'ok', value: 'Microsoft.SkypeRoomSystem' });
    expect(s.appVersion).toEqual({ name: 'appVersion', state: 'ok', value: '5.3.108.0' });
    // the Teams Rooms app (the Skype user's hive) holds camera and microphone: LastUsedTimeStop 0
    expect(s.inMeeting).toEqual({ name: 'inMeeting', state: 'ok', value: 'true', detail: 'Microsoft.SkypeRoomSystem holds the camera and microphone' });
  });

  it('reads a Yealink MeetingBar with a Jabra speakerphone, out of a meeting even while another app holds the camera', () => {
    const s = byName(parseWindowsProbe(fixture('windows-mtr-meetingbar-idle.json')));
    expect(s.camera).toEqual({ name: 'camera', state: 'ok', value: 'Yealink MeetingBar A30' });
    // the bar's own microphone is in error, the Jabra works: the room can still be heard
    expect(s.microphone).toEqual({ name: 'microphone', state: 'ok', value: 'Microphone (Jabra SPEAK 810)' });
    expect(s.speaker).toEqual({ name: 'speaker', state: 'ok', value: 'Speaker (Jabra SPEAK 810)' });
    expect(s.display).toEqual({ name: 'display', state: 'ok', value: '1 active (3840x2160)' });
    expect(s.uptime).toEqual({ name: 'uptime', state: 'ok', value: '7 d 0 h' });
    // the Teams Rooms app is in the consent store and released both devices: only it counts
    expect(s.inMeeting).toEqual({ name: 'inMeeting', state: 'ok', value: 'false' });
  });

  it('reports a disconnected camera (error 45) and a microphone in error on a Crestron console', () => {
    const s = byName(parseWindowsProbe(fixture('windows-mtr-camera-disconnected.json')));
    expect(s.camera).toEqual({ name: 'camera', state: 'failed', value: 'Poly Studio', detail: 'Poly Studio is not connected (error code 45)' });
    expect(s.microphone).toEqual({ name: 'microphone', state: 'failed', value: 'Microphone (Shure MXA310)', detail: 'Microphone (Shure MXA310) reports status Error (error code 10)' });
    expect(s.speaker).toEqual({ name: 'speaker', state: 'ok', value: 'Speakers (Crestron UC-ENGINE Audio)' });
    expect(s.display).toEqual({ name: 'display', state: 'ok', value: '2 active (1920x1080, 1920x1080)' });
    expect(s.roomApp).toEqual({ name: 'roomApp', state: 'ok', value: 'MTRApp' });
    expect(s.appVersion?.state).toBe('unknown');
    // no consent-store entry is the Teams Rooms app: any app holding a device counts
    expect(s.inMeeting).toEqual({ name: 'inMeeting', state: 'ok', value: 'true', detail: 'SoundCheck.exe holds the microphone (the Teams Rooms app is not in the consent store)' });
  });

  it('says inMeeting is unknown when the consent store cannot be read, never a guess', () => {
    expect(byName(parseWindowsProbe(fixture('windows-mtr-queries-failed.json'))).inMeeting).toEqual({
      name: 'inMeeting',
      state: 'unknown',
      detail: 'the capability access manager consent store could not be read',
    });
    // output of the script before it read the consent store
    expect(byName(parseWindowsProbe(fixture('windows-mtr-healthy.json'))).inMeeting?.state).toBe('unknown');
    // no webcam or microphone key at all: an empty list would otherwise read as "not in a meeting"
    expect(inMeeting({ Keys: 0, Apps: [] })).toMatchObject({ state: 'unknown' });
    expect(inMeeting({ Keys: 2, Apps: [] })).toEqual({ name: 'inMeeting', state: 'ok', value: 'false' });
    // ConvertTo-Json writes a one-element list as a bare object
    expect(inMeeting({ Keys: 1, Apps: { App: 'MSTeams_8wekyb3d8bbwe', Capability: 'webcam', LastUsedTimeStart: 133514906459087654, LastUsedTimeStop: 0 } })).toMatchObject({ value: 'true', detail: 'MSTeams holds the camera' });
    // a device never used (start 0) is not held
    expect(inMeeting({ Keys: 1, Apps: [{ App: 'X', Capability: 'webcam', LastUsedTimeStart: 0, LastUsedTimeStop: 0 }] })).toMatchObject({ value: 'false' });
  });

  it('turns output that is not JSON into unknown signals', () => {
    const signals = parseWindowsProbe('Get-CimInstance : Access denied');
    expect(signals.length).toBeGreaterThan(5);
    expect(signals.every((x) => x.state === 'unknown' && x.detail?.startsWith('PowerShell output is not the expected JSON'))).toBe(true);
  });

  it('tells capture from render endpoints by their MMDevice id, then by name', () => {
    expect(endpointDirection('SWD\\MMDEVAPI\\{0.0.1.00000000}.{abc}', 'Speakerphone')).toBe('capture');
    expect(endpointDirection('SWD\\MMDEVAPI\\{0.0.0.00000000}.{abc}', 'Microphone')).toBe('render');
    expect(endpointDirection(undefined, 'Microphone Array (Realtek)')).toBe('capture');
    expect(endpointDirection(undefined, 'Speakers (Realtek)')).toBe('render');
  });

  it('runs PowerShell without profile, non-interactively, through the injected runner', async () => {
    const calls: { file: string; args: string[] }[] = [];
    const run: CommandRunner = async (file, args) => {
      calls.push({ file, args });
      return { code: 0, stdout: fixture('windows-mtr-healthy.json'), stderr: '' };
    };
    const probe = new WindowsProbe(run);
    const signals = await probe.collect();
    expect(calls[0]?.file).toBe('powershell.exe');
    expect(calls[0]?.args.slice(0, 2)).toEqual(['-NoProfile', '-NonInteractive']);
    expect(calls[0]?.args.at(-1)).toContain('ConvertTo-Json');
    expect(calls[0]?.args.at(-1)).toContain('CapabilityAccessManager\\ConsentStore');
    expect(signals.find((x) => x.name === 'camera')?.state).toBe('ok');
    expect(await probe.osVersion()).toBe('Microsoft Windows 11 IoT Enterprise 10.0.22631');
  });

  it('says unknown for everything when PowerShell cannot run', async () => {
    const probe = new WindowsProbe(async () => ({ code: null, stdout: '', stderr: '', spawnError: 'powershell.exe is not installed' }));
    const signals = await probe.collect();
    expect(signals.every((x) => x.state === 'unknown' && x.detail === 'powershell.exe is not installed')).toBe(true);
  });
});
