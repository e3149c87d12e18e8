// Pure parsers of Linux command output and /proc, /sys files (unit-tested on recorded samples).

/** /proc/loadavg → the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } | undefined {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (a === undefined || b === undefined || c === undefined || [a, b, c].some((n) => !Number.isFinite(n))) return undefined;
  return { load1: a, load5: b, load15: c };
}

/** /proc/meminfo → total and available bytes. */
export function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } | undefined {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)\s*kB/.exec(line);
    if (m?.[1] && m[2]) fields.set(m[1], Number(m[2]) * 1024);
  }
  const total = fields.get('MemTotal');
  const available = fields.get('MemAvailable') ?? (fields.has('MemFree') ? (fields.get('MemFree') ?? 0) + (fields.get('Cached') ?? 0) + (fields.get('Buffers') ?? 0) : undefined);
  if (!total || available === undefined) return undefined;
  return { totalBytes: total, availableBytes: available };
}

/** /proc/uptime → seconds since boot. */
export function parseUptime(text: string): number | undefined {
  const n = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** /etc/os-release → PRETTY_NAME (or NAME VERSION). */
export function parseOsRelease(text: string): string | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) fields.set(m[1], m[2].replace(/^["']|["']$/g, '').replace(/\\(["'\\$`])/g, '$1'));
  }
  const pretty = fields.get('PRETTY_NAME');
  if (pretty) return pretty;
  const name = fields.get('NAME');
  if (!name) return undefined;
  const version = fields.get('VERSION') ?? fields.get('VERSION_ID');
  return version ? `${name} ${version}` : name;
}

export interface XrandrOutput {
  name: string;
  connected: boolean;
  primary: boolean;
  /** Current mode when the output is active, e.g. "1920x1080". */
  resolution?: string;
}

/** `xrandr --query` → outputs with their connection state and current resolution. */
export function parseXrandr(text: string): XrandrOutput[] {
  const outputs: XrandrOutput[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+) (connected|disconnected)( primary)?(?: (\d+x\d+)\+\d+\+\d+)?/.exec(line);
    if (!m?.[1]) continue;
    const out: XrandrOutput = { name: m[1], connected: m[2] === 'connected', primary: Boolean(m[3]) };
    if (m[4]) out.resolution = m[4];
    outputs.push(out);
  }
  return outputs;
}

/** The connector name from a /sys/class/drm entry ("card0-HDMI-A-1" → "HDMI-A-1"), or undefined for cards. */
export function drmConnectorName(entry: string): string | undefined {
  const m = /^card\d+-(.+)$/.exec(entry);
  return m?.[1];
}

export interface AlsaCard {
  index: number;
  id: string;
  name: string;
}

/** /proc/asound/cards → the sound cards (empty for " --- no soundcards ---"). */
export function parseAsoundCards(text: string): AlsaCard[] {
  const cards: AlsaCard[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+\[(\S+)\s*\]:\s*(.+?)\s*$/.exec(line);
    if (m?.[1] && m[2] && m[3]) {
      const parts = m[3].split(' - ');
      cards.push({ index: Number(m[1]), id: m[2], name: (parts[1] ?? parts[0] ?? m[3]).trim() });
    }
  }
  return cards;
}

export interface PcmDevice {
  card: number;
  device: number;
  name: string;
  playback: boolean;
  capture: boolean;
}

/** /proc/asound/pcm → PCM devices and whether each plays back and/or captures. */
export function parseAsoundPcm(text: string): PcmDevice[] {
  const devices: PcmDevice[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+)-(\d+): ([^:]*?)\s*:\s*([^:]*?)\s*:(.*)$/.exec(line.trim());
    if (!m?.[1] || !m[2]) continue;
    const rest = m[5] ?? '';
    devices.push({ card: Number(m[1]), device: Number(m[2]), name: (m[3] ?? '').trim(), playback: /playback \d+/.test(rest), capture: /capture \d+/.test(rest) });
  }
  return devices;
}

export interface AplayDevice {
  card: number;
  cardName: string;
  device: number;
  deviceName: string;
}

/** `arecord -l` / `aplay -l` → the hardware devices listed. */
export function parseAplayList(text: string): AplayDevice[] {
  const devices: AplayDevice[] = [];
  for (const line of text.split('\n')) {
    const m = /^card (\d+): \S+ \[(.*?)\], device (\d+): .*?\[(.*?)\]/.exec(line);
    if (m?.[1] && m[3]) devices.push({ card: Number(m[1]), cardName: m[2] ?? '', device: Number(m[3]), deviceName: m[4] ?? '' });
  }
  return devices;
}

/** Camera names from /sys/class/video4linux/<node>/name, one capture device per distinct name. */
export function distinctCameraNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name) seen.add(name);
  }
  return [...seen];
}

/** Whether an interface is usable: operstate up (or unknown for virtual links that carry traffic) and a non-internal address. */
export function usableInterfaces(
  interfaces: Record<string, { address: string; internal: boolean; family: string }[] | undefined>,
  operstate: (name: string) => string | undefined,
): { name: string; address: string }[] {
  const usable: { name: string; address: string }[] = [];
  for (const [name, addrs] of Object.entries(interfaces)) {
    const addr = (addrs ?? []).find((a) => !a.internal && !(a.family === 'IPv6' && a.address.startsWith('fe80')));
    if (!addr) continue;
    const state = operstate(name);
    if (state === undefined || state === 'up' || state === 'unknown') usable.push({ name, address: addr.address });
  }
  return usable;
}
