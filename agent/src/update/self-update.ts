// Self-update: when the server's build for this platform is newer, download it from the
// node the agent is connected to, check its size and SHA-256 against what welcome said,
// check that it starts and prints the announced version, swap it in and restart. A
// failure at any step keeps the running executable and is reported (status, server).
//
// The swap: on Linux a rename over the running executable (the running process keeps its
// inode), then exec of the new one in the same process (systemd sees the same PID). On
// Windows a running .exe cannot be overwritten but can be renamed: exe -> exe.old,
// download -> exe, then exit with RESTART_EXIT_CODE for the service wrapper to start the
// new one (or, outside a service, start it and exit); exe.old is removed at the next start.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { promisify } from 'node:util';
import { isOlderAgentVersion, type AgentRelease, type AgentReleasePlatform, type AgentUpdateStatus } from '@roomwarden/protocol';
import type { AgentLogger } from '../agent-connection.ts';
import { agentFetch, type AgentFetch } from '../http-fetch.ts';

const execFileAsync = promisify(execFile);

/** Exit code that asks the service wrapper to start the (new) executable again. */
export const RESTART_EXIT_CODE = 75;
/** An automatic update that failed is not tried again for the same build before this. */
export const FAILED_UPDATE_RETRY_MS = 60 * 60_000;

export class UpdateFailure extends Error {}

export interface SelfUpdaterOptions {
  currentVersion: string;
  /** The release platform of this executable; undefined where the server has no build for it. */
  platform: AgentReleasePlatform | undefined;
  /** The running executable; undefined when running from a checkout (nothing to replace). */
  executable: string | undefined;
  /** Remembers an update across the restart (next to the credentials). */
  markerFile: string;
  log: AgentLogger;
  fetch?: AgentFetch;
  now?: () => number;
  /** Told of every new status (the CLI writes the state file and tells the server). */
  onStatus: (status: AgentUpdateStatus) => void;
  /** Starts the new executable in place of this process; does not return on success. */
  restart: (executable: string) => Promise<void>;
  /** Platform of the swap (tests). */
  windows?: boolean;
}

interface Marker {
  fromVersion: string;
  targetVersion: string;
  at: string;
}

export function releasePlatformOf(platform: NodeJS.Platform = process.platform, arch: string = process.arch): AgentReleasePlatform | undefined {
  if (arch !== 'x64') return undefined;
  return platform === 'win32' ? 'win-x64' : platform === 'linux' ? 'linux-x64' : undefined;
}

export class SelfUpdater {
  #status: AgentUpdateStatus | undefined;
  #busy = false;
  readonly #failedAt = new Map<string, number>();
  #heldBackLogged: string | undefined;

  constructor(private readonly options: SelfUpdaterOptions) {}

  get status(): AgentUpdateStatus | undefined {
    return this.#status;
  }

  get busy(): boolean {
    return this.#busy;
  }

  /** At start: reports how an update that restarted this process went, and removes what the swap left. */
  async resume(): Promise<void> {
    const exe = this.options.executable;
    if (exe) {
      for (const leftover of [`${exe}.old`, `${exe}.download`]) await fsp.rm(leftover, { force: true }).catch((err: unknown) => this.options.log.warn(`cannot remove ${leftover}`, { err: (err as Error).message }));
    }
    const text = await fsp.readFile(this.options.markerFile, 'utf8').catch(() => undefined);
    if (text === undefined) return;
    await fsp.rm(this.options.markerFile, { force: true });
    let marker: Marker;
    try {
      marker = JSON.parse(text) as Marker;
    } catch (err) {
      this.options.log.warn('unreadable update marker ignored', { err: (err as Error).message });
      return;
    }
    const now = new Date(this.#now()).toISOString();
    if (marker.targetVersion === this.options.currentVersion) {
      this.options.log.info('updated', { from: marker.fromVersion, to: marker.targetVersion });
      this.#setStatus({ state: 'updated', fromVersion: marker.fromVersion, targetVersion: marker.targetVersion, at: now });
    } else {
      this.#setStatus({ state: 'failed', fromVersion: marker.fromVersion, targetVersion: marker.targetVersion, message: `restarted as ${this.options.currentVersion} instead of ${marker.targetVersion}`, at: now });
    }
  }

  /**
   * Considers the server's build: installs it when it is newer and either automatic updates
   * are on or an administrator asked for it (forced: also retries a build that failed).
   */
  async consider(release: AgentRelease, baseUrl: string, how: { automatic: boolean; forced: boolean }): Promise<void> {
    const { currentVersion, platform, executable, log } = this.options;
    if (release.platform !== platform || !isOlderAgentVersion(currentVersion, release.version)) return;
    if (!how.automatic && !how.forced) {
      if (this.#heldBackLogged !== release.sha256) log.info('a newer agent is available; updates are manual on this server (Update agent on the room page)', { version: release.version });
      this.#heldBackLogged = release.sha256;
      return;
    }
    if (!executable) {
      log.info('a newer agent is available, but this one runs from a checkout: not updating', { version: release.version });
      return;
    }
    const failedAt = this.#failedAt.get(release.sha256);
    if (!how.forced && failedAt !== undefined && this.#now() - failedAt < FAILED_UPDATE_RETRY_MS) return;
    if (this.#busy) return;
    this.#busy = true;
    try {
      await this.#install(release, baseUrl, executable);
    } catch (err) {
      this.#failedAt.set(release.sha256, this.#now());
      const message = err instanceof UpdateFailure ? err.message : `unexpected error: ${(err as Error).message}`;
      log.error(`update to ${release.version} failed; keeping ${currentVersion}`, { reason: message });
      this.#setStatus({ state: 'failed', fromVersion: currentVersion, targetVersion: release.version, message: message.slice(0, 500), at: new Date(this.#now()).toISOString() });
    } finally {
      this.#busy = false;
    }
  }

  async #install(release: AgentRelease, baseUrl: string, exe: string): Promise<void> {
    const { log, currentVersion } = this.options;
    const download = `${exe}.download`;
    const url = new URL(release.path, baseUrl).toString();
    log.info('downloading the new agent', { version: release.version, url, size: release.size });
    const started = this.#now();
    const sha256 = await this.#download(url, download, release.size);
    if (sha256 !== release.sha256) {
      await fsp.rm(download, { force: true });
      throw new UpdateFailure(`the download's SHA-256 is ${sha256}, not ${release.sha256} as the server announced: refused`);
    }
    await fsp.chmod(download, 0o755);
    const printed = await execFileAsync(download, ['--version'], { timeout: 60_000, windowsHide: true }).then(
      (r) => r.stdout.trim(),
      (err: unknown) => `(did not start: ${(err as Error).message.slice(0, 200)})`,
    );
    if (printed !== release.version) {
      await fsp.rm(download, { force: true });
      throw new UpdateFailure(`the new executable printed ${printed} for --version, not ${release.version}: refused`);
    }
    const marker: Marker = { fromVersion: currentVersion, targetVersion: release.version, at: new Date(this.#now()).toISOString() };
    await fsp.writeFile(this.options.markerFile, `${JSON.stringify(marker)}\n`, { mode: 0o600 });
    try {
      await this.#swap(exe, download);
    } catch (err) {
      await fsp.rm(this.options.markerFile, { force: true });
      await fsp.rm(download, { force: true });
      throw new UpdateFailure(`cannot replace ${exe}: ${(err as Error).message}`);
    }
    log.info('new agent in place; restarting', { version: release.version, downloadAndCheckMs: this.#now() - started });
    await this.options.restart(exe);
  }

  async #download(url: string, file: string, expectedSize: number): Promise<string> {
    let res: Response;
    try {
      res = await (this.options.fetch ?? agentFetch)(url, { signal: AbortSignal.timeout(15 * 60_000) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      throw new UpdateFailure(`cannot download ${url}: ${cause?.code ?? (err as Error).message}`);
    }
    if (!res.ok || !res.body) throw new UpdateFailure(`the server answered ${res.status} for ${url}`);
    const hash = createHash('sha256');
    let size = 0;
    const out = fs.createWriteStream(file, { mode: 0o700 });
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > expectedSize) throw new UpdateFailure(`the download is larger than the ${expectedSize} bytes announced: refused`);
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      out.destroy();
      await fsp.rm(file, { force: true });
      if (err instanceof UpdateFailure) throw err;
      throw new UpdateFailure(`the download of ${url} broke off: ${(err as Error).message}`);
    }
    if (size !== expectedSize) {
      await fsp.rm(file, { force: true });
      throw new UpdateFailure(`the download has ${size} bytes, not the ${expectedSize} announced: refused`);
    }
    return hash.digest('hex');
  }

  async #swap(exe: string, download: string): Promise<void> {
    if (!(this.options.windows ?? process.platform === 'win32')) {
      await fsp.rename(download, exe);
      return;
    }
    const old = `${exe}.old`;
    await fsp.rm(old, { force: true });
    await fsp.rename(exe, old);
    try {
      await fsp.rename(download, exe);
    } catch (err) {
      await fsp.rename(old, exe);
      throw err;
    }
  }

  #setStatus(status: AgentUpdateStatus): void {
    this.#status = status;
    this.options.onStatus(status);
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}
