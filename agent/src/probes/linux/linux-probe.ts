// Real probes of a Linux room console: /proc and /sys, statfs, and xrandr / ALSA tools
// when they are there. Every reading that fails becomes `unknown` with the reason.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Signal } from '@roomwarden/protocol';
import { errorText, formatBytes, formatDuration, gradeUsage, runCommand, signal, unknown, type CommandRunner, type Probe } from '../probe.ts';
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

export interface LinuxProbeOptions {
  run?: CommandRunner;
  /** Prefix of /proc, /sys and /etc (tests point it at a recorded tree). */
  root?: string;
  env?: NodeJS.ProcessEnv;
  cpuCount?: () => number;
  networkInterfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  diskPath?: string;
}

export class LinuxProbe implements Probe {
  readonly platform = 'linux' as const;
  private readonly run: CommandRunner;
  private readonly root: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: LinuxProbeOptions = {}) {
    this.run = options.run ?? runCommand;
    this.root = options.root ?? '/';
    this.env = options.env ?? process.env;
  }

  private p(file: string): string {
    return path.join(this.root, file);
  }

  private async read(file: string): Promise<string> {
    return fs.readFile(this.p(file), 'utf8');
  }

  async osVersion(): Promise<string | undefined> {
    try {
      return parseOsRelease(await this.read('/etc/os-release'));
    } catch {
      return `${os.type()} ${os.release()}`;
    }
  }

  async collect(): Promise<Signal[]> {
    const results = await Promise.all([
      this.cpu(),
      this.memory(),
      this.disk(),
      this.uptime(),
      this.os(),
      this.network(),
      this.display(),
      ...(await this.audio()),
      this.camera(),
      // No Linux room app tells us whether a meeting is on: say so rather than guess.
      unknown('inMeeting', 'a Linux console cannot tell whether a meeting is on'),
    ]);
    return results;
  }

  private async cpu(): Promise<Signal> {
    try {
      const load = parseLoadavg(await this.read('/proc/loadavg'));
      if (!load) return unknown('cpu', '/proc/loadavg could not be parsed');
      const cores = (this.options.cpuCount ?? (() => os.availableParallelism()))();
      const ratio = load.load5 / Math.max(1, cores);
      return signal('cpu', gradeUsage(ratio, 1, 2), `${Math.round(ratio * 100)} % (load ${load.load1.toFixed(2)} on ${cores} cores)`);
    } catch (err) {
      return unknown('cpu', `cannot read /proc/loadavg: ${errorText(err)}`);
    }
  }

  private async memory(): Promise<Signal> {
    try {
      const mem = parseMeminfo(await this.read('/proc/meminfo'));
      if (!mem) return unknown('memory', '/proc/meminfo could not be parsed');
      const used = 1 - mem.availableBytes / mem.totalBytes;
      return signal('memory', gradeUsage(used, 0.9, 0.97), `${Math.round(used * 100)} % used of ${formatBytes(mem.totalBytes)}`);
    } catch (err) {
      return unknown('memory', `cannot read /proc/meminfo: ${errorText(err)}`);
    }
  }

  private async disk(): Promise<Signal> {
    const target = this.options.diskPath ?? this.root;
    try {
      const st = await fs.statfs(target);
      const total = st.blocks * st.bsize;
      if (total <= 0) return unknown('disk', `statfs of ${target} reports no blocks`);
      const free = st.bavail * st.bsize;
      const used = 1 - free / total;
      const state = gradeUsage(used, 0.9, 0.97);
      return signal('disk', state, `${Math.round(used * 100)} % used, ${formatBytes(free)} free`, state === 'ok' ? undefined : 'the system disk is almost full');
    } catch (err) {
      return unknown('disk', `statfs ${target}: ${errorText(err)}`);
    }
  }

  private async uptime(): Promise<Signal> {
    try {
      const seconds = parseUptime(await this.read('/proc/uptime'));
      if (seconds === undefined) return unknown('uptime', '/proc/uptime could not be parsed');
      return signal('uptime', 'ok', formatDuration(seconds));
    } catch (err) {
      return unknown('uptime', `cannot read /proc/uptime: ${errorText(err)}`);
    }
  }

  private async os(): Promise<Signal> {
    try {
      const name = parseOsRelease(await this.read('/etc/os-release'));
      return name ? signal('osVersion', 'ok', name) : unknown('osVersion', '/etc/os-release has no NAME');
    } catch (err) {
      return unknown('osVersion', `cannot read /etc/os-release: ${errorText(err)}`);
    }
  }

  private async network(): Promise<Signal> {
    let interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>;
    try {
      interfaces = (this.options.networkInterfaces ?? (() => os.networkInterfaces()))();
    } catch (err) {
      return unknown('network', `cannot list interfaces: ${errorText(err)}`);
    }
    const states = new Map<string, string | undefined>();
    await Promise.all(
      Object.keys(interfaces).map(async (name) => {
        try {
          states.set(name, (await this.read(`/sys/class/net/${name}/operstate`)).trim());
        } catch {
          states.set(name, undefined); // no sysfs entry (containers): the address decides
        }
      }),
    );
    const usable = usableInterfaces(interfaces, (name) => states.get(name));
    if (usable.length === 0) return signal('network', 'failed', undefined, 'no network interface is up with an address');
    return signal('network', 'ok', usable.map((u) => `${u.name} ${u.address}`).join(', '));
  }

  private async display(): Promise<Signal> {
    if (this.env.DISPLAY) {
      const r = await this.run('xrandr', ['--query'], { timeoutMs: 5_000 });
      if (r.code === 0) {
        const connected = parseXrandr(r.stdout).filter((o) => o.connected);
        if (connected.length === 0) return signal('display', 'failed', undefined, 'xrandr: no output connected');
        return signal('display', 'ok', connected.map((o) => `${o.resolution ?? 'inactive'} ${o.name}`).join(', '));
      }
    }
    try {
      const entries = await fs.readdir(this.p('/sys/class/drm'));
      const connectors = entries.filter((e) => drmConnectorName(e) !== undefined);
      if (connectors.length === 0) return unknown('display', 'no display connectors in /sys/class/drm');
      const connected: string[] = [];
      for (const c of connectors) {
        const status = (await this.read(`/sys/class/drm/${c}/status`).catch(() => '')).trim();
        if (status === 'connected') connected.push(drmConnectorName(c) ?? c);
      }
      if (connected.length === 0) return signal('display', 'failed', undefined, 'no display connected (DRM)');
      return signal('display', 'ok', connected.join(', '));
    } catch (err) {
      return unknown('display', `no X display and no DRM information: ${errorText(err)}`);
    }
  }

  private async audio(): Promise<Signal[]> {
    const [rec, play] = await Promise.all([this.run('arecord', ['-l'], { timeoutMs: 5_000 }), this.run('aplay', ['-l'], { timeoutMs: 5_000 })]);
    if (rec.code === 0 && play.code === 0) {
      const mics = parseAplayList(rec.stdout);
      const speakers = parseAplayList(play.stdout);
      return [
        mics.length ? signal('microphone', 'ok', mics.map((d) => d.deviceName || d.cardName).join(', ')) : signal('microphone', 'failed', undefined, 'no capture device (arecord -l)'),
        speakers.length ? signal('speaker', 'ok', speakers.map((d) => d.deviceName || d.cardName).join(', ')) : signal('speaker', 'failed', undefined, 'no playback device (aplay -l)'),
      ];
    }
    let cardsText: string;
    try {
      cardsText = await this.read('/proc/asound/cards');
    } catch (err) {
      const why = `ALSA is not available (/proc/asound/cards: ${errorText(err)})`;
      return [unknown('microphone', why), unknown('speaker', why)];
    }
    const cards = parseAsoundCards(cardsText);
    if (cards.length === 0) return [signal('microphone', 'failed', undefined, 'no sound card'), signal('speaker', 'failed', undefined, 'no sound card')];
    const pcm = parseAsoundPcm(await this.read('/proc/asound/pcm').catch(() => ''));
    const cardName = (i: number) => cards.find((c) => c.index === i)?.name ?? `card ${i}`;
    const capture = pcm.filter((d) => d.capture);
    const playback = pcm.filter((d) => d.playback);
    return [
      capture.length ? signal('microphone', 'ok', [...new Set(capture.map((d) => cardName(d.card)))].join(', ')) : signal('microphone', 'failed', undefined, 'no capture device'),
      playback.length ? signal('speaker', 'ok', [...new Set(playback.map((d) => cardName(d.card)))].join(', ')) : signal('speaker', 'failed', undefined, 'no playback device'),
    ];
  }

  private async camera(): Promise<Signal> {
    let nodes: string[];
    try {
      nodes = await fs.readdir(this.p('/sys/class/video4linux'));
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') {
        // The class exists whenever V4L2 is loaded; without it we cannot tell.
        const v4l2Loaded = await fs.access(this.p('/sys/module/videodev')).then(() => true, () => false);
        return v4l2Loaded ? signal('camera', 'failed', undefined, 'no video capture device') : unknown('camera', 'V4L2 is not available (/sys/class/video4linux missing)');
      }
      return unknown('camera', `cannot list /sys/class/video4linux: ${errorText(err)}`);
    }
    const names = await Promise.all(nodes.map((n) => this.read(`/sys/class/video4linux/${n}/name`).catch(() => '')));
    const cameras = distinctCameraNames(names);
    if (cameras.length === 0) return signal('camera', 'failed', undefined, 'no video capture device');
    return signal('camera', 'ok', cameras.join(', '));
  }
}
