// Pure parsers of the Windows probe's JSON (ConvertTo-Json output, as recorded in the
// fixtures): ConvertTo-Json writes a one-element list as a bare object, and null for a
// part that failed, so every list is normalised first.
import { IN_MEETING_VALUES, type Signal } from '@roomwarden/protocol';
import { formatBytes, formatDuration, gradeUsage, signal, unknown } from '../probe.ts';

type Json = Record<string, unknown>;

function list(value: unknown): Json[] | undefined {
  if (value === null || value === undefined) return undefined;
  const arr = Array.isArray(value) ? value : [value];
  return arr.filter((v): v is Json => typeof v === 'object' && v !== null);
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** PnP device is working: Status "OK" and ConfigManagerErrorCode 0. */
function working(dev: Json): boolean {
  return (str(dev.Status) ?? 'OK').toUpperCase() === 'OK' && (num(dev.ConfigManagerErrorCode) ?? 0) === 0;
}

// Whole words where a bare substring would catch a vendor: "ink" is in "Yealink".
const CONTENT_CAMERA = /scribe|content|whiteboard|kapture|\bink\b|huddly canvas/i;

/** Audio endpoint direction from its MMDevice id: {0.0.0.…} render (speaker), {0.0.1.…} capture (microphone). */
export function endpointDirection(deviceId: string | undefined, name: string): 'render' | 'capture' {
  const m = /MMDEVAPI\\\{0\.0\.(\d)\./i.exec(deviceId ?? '');
  if (m?.[1] === '1') return 'capture';
  if (m?.[1] === '0') return 'render';
  return /microphone|mic\b|line in|array/i.test(name) ? 'capture' : 'render';
}

function deviceSignal(name: 'camera' | 'contentCamera' | 'microphone' | 'speaker', devices: Json[], label: string): Signal {
  const ok = devices.filter(working);
  if (ok.length > 0) return signal(name, 'ok', ok.map((d) => str(d.Name) ?? '?').join(', '));
  if (devices.length > 0) {
    const d = devices[0] as Json;
    const code = num(d.ConfigManagerErrorCode);
    // 45: Windows remembers the device but it is not plugged in (CM_PROB_PHANTOM).
    if (code === 45) return signal(name, 'failed', str(d.Name), `${str(d.Name) ?? label} is not connected (error code 45)`);
    return signal(name, 'failed', str(d.Name), `${str(d.Name) ?? label} reports status ${str(d.Status) ?? '?'} (error code ${code ?? '?'})`);
  }
  return signal(name, 'failed', undefined, `no ${label} found`);
}

export function parseWindowsProbe(stdout: string): Signal[] {
  let root: Json;
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    root = parsed as Json;
  } catch (err) {
    const why = `PowerShell output is not the expected JSON: ${err instanceof Error ? err.message : String(err)}`;
    return (['cpu', 'memory', 'disk', 'uptime', 'osVersion', 'network', 'display', 'camera', 'microphone', 'speaker', 'roomApp', 'inMeeting'] as const).map((n) => unknown(n, why));
  }
  const out: Signal[] = [];

  const os = list(root.os)?.[0];
  if (os) {
    const caption = str(os.Caption);
    const version = str(os.Version);
    out.push(caption || version ? signal('osVersion', 'ok', [caption, version].filter(Boolean).join(' ')) : unknown('osVersion', 'Win32_OperatingSystem has no caption'));
    const total = num(os.TotalVisibleMemorySize);
    const free = num(os.FreePhysicalMemory);
    if (total && free !== undefined) {
      const used = 1 - free / total;
      out.push(signal('memory', gradeUsage(used, 0.9, 0.97), `${Math.round(used * 100)} % used of ${formatBytes(total * 1024)}`));
    } else out.push(unknown('memory', 'Win32_OperatingSystem has no memory figures'));
    const up = num(os.UptimeSeconds);
    out.push(up !== undefined ? signal('uptime', 'ok', formatDuration(up)) : unknown('uptime', 'no LastBootUpTime'));
  } else {
    for (const n of ['osVersion', 'memory', 'uptime'] as const) out.push(unknown(n, 'Win32_OperatingSystem query failed'));
  }

  const cpu = num(root.cpuLoad);
  out.push(cpu !== undefined ? signal('cpu', gradeUsage(cpu / 100, 0.9, 0.98), `${Math.round(cpu)} %`) : unknown('cpu', 'Win32_Processor LoadPercentage not available'));

  const disk = list(root.disk)?.[0];
  const size = num(disk?.Size);
  const freeSpace = num(disk?.FreeSpace);
  if (size && freeSpace !== undefined) {
    const used = 1 - freeSpace / size;
    const state = gradeUsage(used, 0.9, 0.97);
    out.push(signal('disk', state, `${Math.round(used * 100)} % used, ${formatBytes(freeSpace)} free`, state === 'ok' ? undefined : 'drive C: is almost full'));
  } else out.push(unknown('disk', 'Win32_LogicalDisk C: not available'));

  const net = list(root.network);
  if (!net) out.push(unknown('network', 'Win32_NetworkAdapterConfiguration query failed'));
  else {
    const up = net.flatMap((a) => {
      const ips = (Array.isArray(a.IPAddress) ? a.IPAddress : [a.IPAddress]).filter((ip): ip is string => typeof ip === 'string' && !ip.startsWith('169.254.') && !ip.startsWith('fe80'));
      return ips.length ? [`${str(a.Description) ?? 'adapter'} ${ips[0]}`] : [];
    });
    out.push(up.length ? signal('network', 'ok', up.join(', ')) : signal('network', 'failed', undefined, 'no adapter with an IP address'));
  }

  const monitors = list(root.monitors);
  const desktop = list(root.desktopMonitors) ?? [];
  if (!monitors) out.push(unknown('display', 'WmiMonitorBasicDisplayParams query failed'));
  else {
    const active = monitors.filter((m) => m.Active === true);
    const sizes = desktop.map((d) => (num(d.ScreenWidth) && num(d.ScreenHeight) ? `${num(d.ScreenWidth)}x${num(d.ScreenHeight)}` : undefined)).filter(Boolean);
    out.push(active.length ? signal('display', 'ok', `${active.length} active${sizes.length ? ` (${sizes.join(', ')})` : ''}`) : signal('display', 'failed', undefined, 'no active monitor'));
  }

  const pnp = list(root.pnp);
  if (!pnp) for (const n of ['camera', 'microphone', 'speaker'] as const) out.push(unknown(n, 'Win32_PnPEntity query failed'));
  else {
    const cams = pnp.filter((d) => d.PNPClass === 'Camera' || d.PNPClass === 'Image');
    const content = cams.filter((d) => CONTENT_CAMERA.test(str(d.Name) ?? ''));
    const room = cams.filter((d) => !content.includes(d));
    const audio = pnp.filter((d) => d.PNPClass === 'AudioEndpoint');
    const capture = audio.filter((d) => endpointDirection(str(d.DeviceID), str(d.Name) ?? '') === 'capture');
    const render = audio.filter((d) => !capture.includes(d));
    out.push(deviceSignal('camera', room, 'camera'));
    // Many rooms have no content camera: report it only when one is installed.
    if (content.length) out.push(deviceSignal('contentCamera', content, 'content camera'));
    out.push(deviceSignal('microphone', capture, 'microphone'));
    out.push(deviceSignal('speaker', render, 'speaker'));
  }

  const procs = list(root.roomApp);
  if (!procs) out.push(unknown('roomApp', 'Get-Process failed'));
  else if (procs.length === 0) out.push(signal('roomApp', 'failed', undefined, 'the Teams Rooms app is not running'));
  else {
    out.push(signal('roomApp', 'ok', [...new Set(procs.map((p) => str(p.Name) ?? '?'))].join(', ')));
    const version = procs.map((p) => str(p.FileVersion)).find(Boolean);
    out.push(version ? signal('appVersion', 'ok', version) : unknown('appVersion', 'the app process exposes no file version'));
  }
  out.push(inMeeting(root.consent));
  return out;
}

/** The Teams Rooms app in the consent store: its package family name, or its executable's path (NonPackaged). */
export const TEAMS_ROOMS_APP = /SkypeRoomSystem|MTRApp|ms-teams|MSTeams/i;

const CAPABILITY_LABEL: Record<string, string> = { webcam: 'camera', microphone: 'microphone' };

/**
 * In a meeting when the Teams Rooms app holds the camera or microphone (LastUsedTimeStop 0,
 * LastUsedTimeStart > 0); when no consent-store entry is the Teams Rooms app, when any app
 * holds one. Unknown when the consent store could not be read.
 */
export function inMeeting(consent: unknown): Signal {
  const root = list(consent)?.[0];
  if (!root) return unknown('inMeeting', 'the capability access manager consent store could not be read');
  if (!num(root.Keys)) return unknown('inMeeting', 'no webcam or microphone key in the capability access manager consent store');
  const apps = list(root.Apps) ?? [];
  const teamsRooms = apps.filter((a) => TEAMS_ROOMS_APP.test(str(a.App) ?? ''));
  const candidates = teamsRooms.length ? teamsRooms : apps;
  const holding = candidates.filter((a) => (num(a.LastUsedTimeStart) ?? 0) > 0 && num(a.LastUsedTimeStop) === 0);
  if (holding.length === 0) return signal('inMeeting', 'ok', IN_MEETING_VALUES.no);
  const who = [...new Set(holding.map((a) => appName(str(a.App) ?? '?')))].join(', ');
  const what = [...new Set(holding.map((a) => CAPABILITY_LABEL[str(a.Capability) ?? ''] ?? str(a.Capability) ?? '?'))].join(' and ');
  return signal('inMeeting', 'ok', IN_MEETING_VALUES.yes, `${who} holds the ${what}${teamsRooms.length ? '' : ' (the Teams Rooms app is not in the consent store)'}`);
}

/** "Microsoft.SkypeRoomSystem_8wekyb3d8bbwe" → "Microsoft.SkypeRoomSystem"; "C:#Program Files#Zoom#bin#Zoom.exe" → "Zoom.exe". */
function appName(key: string): string {
  if (key.includes('#')) return key.split('#').at(-1) ?? key;
  return key.replace(/_[a-z0-9]{13}$/, '');
}
