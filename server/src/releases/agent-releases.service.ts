// The agent builds this server serves, what welcome offers an agent, the "hold updates
// back" setting, an administrator's "Update agent" for one room, the rooms that run an
// older agent, and what a console's firewall must let through.
import { z } from 'zod';
import { isOlderAgentVersion, type AgentPlatform, type AgentRelease, type AgentReleasePlatform } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import { AppError } from '../errors.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { SettingsRepository } from '../repositories/settings.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { userIdOf, type Caller } from '../access/caller.ts';
import type { RoomAccessService } from '../access/room-access.service.ts';
import type { AgentVersionsRepository } from '../repositories/agent-versions.repository.ts';
import { installLines, renderInstallScript, type InstallScriptKind } from './install-scripts.ts';
import type { ReleaseFile, ReleaseFiles } from './release-files.ts';

export const AGENT_UPDATES_SETTING = 'agentUpdates';
export const agentUpdatesSchema = z.object({ mode: z.enum(['automatic', 'manual']) }).strict();
export type AgentUpdatesSetting = z.infer<typeof agentUpdatesSchema>;

export interface AgentReleasesView {
  version: string | null;
  items: Array<{ platform: AgentReleasePlatform; file: string; size: number; sha256: string; url: string }>;
  /** Why a platform has no build, when one is missing. */
  problem: string | null;
  updates: AgentUpdatesSetting;
  /** The lines to paste on a console; {token} stands for the enrollment token. */
  install: { linux: string; windows: string };
  /** What a console of each region must be allowed to reach (HTTPS/WSS), and nothing else. */
  firewall: Array<{ region: string; urls: string[] }>;
}

export interface OutdatedAgent {
  roomId: string;
  roomName: string;
  agentVersion: string;
  platform: string;
  latestVersion: string;
}

export interface ReleaseServiceConfig {
  publicUrl: string;
  region: string;
  regionUrls: Record<string, string>;
}

const PLATFORM_OF: Partial<Record<AgentPlatform, AgentReleasePlatform>> = { linux: 'linux-x64', windows: 'win-x64' };

export function releasePath(platform: AgentReleasePlatform): string {
  return `/api/v1/agent/releases/${platform}`;
}

export interface AgentReleasesServiceDeps {
  files: ReleaseFiles;
  settings: SettingsRepository;
  versions: AgentVersionsRepository;
  roomAccess: RoomAccessService;
  agents: AgentLink;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
  config: ReleaseServiceConfig;
  log: { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };
}

export class AgentReleasesService {
  #updates: AgentUpdatesSetting = { mode: 'automatic' };
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: AgentReleasesServiceDeps) {}

  /** Hashes the builds once and loads the update setting (kept in step with other nodes through the bus). */
  async start(): Promise<void> {
    const set = await this.deps.files.refresh();
    if (set.problem) this.deps.log.warn({ dir: this.deps.files.dir, problem: set.problem }, 'agent builds: some cannot be served');
    else this.deps.log.info({ version: set.version, files: set.files.map((f) => f.file) }, 'agent builds ready');
    await this.#loadUpdates();
    this.#unsubscribe = this.deps.bus.subscribe(['settings.changed'], (event) => {
      if (event.key === AGENT_UPDATES_SETTING) void this.#loadUpdates();
    });
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  async #loadUpdates(): Promise<void> {
    const stored = await this.deps.settings.get(AGENT_UPDATES_SETTING);
    const parsed = agentUpdatesSchema.safeParse(stored?.value ?? {});
    this.#updates = parsed.success ? parsed.data : { mode: 'automatic' };
  }

  async list(): Promise<AgentReleasesView> {
    const set = await this.deps.files.refresh();
    const token = '{token}';
    const regions = new Set([this.deps.config.region, ...Object.keys(this.deps.config.regionUrls)]);
    return {
      version: set.version,
      items: set.files.map((f) => ({ platform: f.platform, file: f.file, size: f.size, sha256: f.sha256, url: `${this.deps.config.publicUrl}${releasePath(f.platform)}` })),
      problem: set.problem ?? null,
      updates: this.#updates,
      install: installLines(this.deps.config.publicUrl, token),
      firewall: [...regions].sort().map((region) => ({ region, urls: this.firewallFor(region) })),
    };
  }

  /** The server named in the install line (enrollment, downloads) and the region's gateway node. */
  firewallFor(region: string): string[] {
    const gateway = (region !== this.deps.config.region ? this.deps.config.regionUrls[region] : undefined) ?? this.deps.config.publicUrl;
    return [...new Set([this.deps.config.publicUrl, gateway].map((u) => u.replace(/\/+$/, '')))];
  }

  async file(platform: AgentReleasePlatform): Promise<ReleaseFile> {
    const set = await this.deps.files.refresh();
    const file = set.files.find((f) => f.platform === platform);
    if (!file) throw new AppError('NOT_FOUND', `This server has no ${platform} build of the agent${set.problem ? ` (${set.problem})` : ''}`);
    return file;
  }

  async installScript(kind: InstallScriptKind): Promise<string> {
    return renderInstallScript(kind, this.deps.config.publicUrl, await this.deps.files.refresh());
  }

  /** What welcome tells an agent: this server's build for its platform, and whether to install it unasked. */
  offerFor(platform: AgentPlatform): { agentRelease?: AgentRelease; autoUpdate?: boolean } {
    const release = this.#release(platform);
    return release ? { agentRelease: release, autoUpdate: this.#updates.mode === 'automatic' } : {};
  }

  #release(platform: AgentPlatform): AgentRelease | undefined {
    const releasePlatform = PLATFORM_OF[platform];
    const { version, files } = this.deps.files.current;
    const file = files.find((f) => f.platform === releasePlatform);
    if (!releasePlatform || !version || !file) return undefined;
    return { version, platform: releasePlatform, sha256: file.sha256, size: file.size, path: releasePath(releasePlatform) };
  }

  getUpdates(): AgentUpdatesSetting {
    return this.#updates;
  }

  async setUpdates(caller: Caller, next: AgentUpdatesSetting): Promise<AgentUpdatesSetting> {
    const before = this.#updates;
    if (before.mode === next.mode) return before;
    const userId = userIdOf(caller);
    await this.deps.tx.run(async (ex) => {
      await this.deps.settings.put(AGENT_UPDATES_SETTING, next, userId, ex);
      await this.deps.audit.record(caller, { action: 'settings.agent_updates.update', targetType: 'settings', targetId: AGENT_UPDATES_SETTING, details: { before, after: next } }, ex);
    });
    this.#updates = next;
    await this.deps.bus.publish({ type: 'settings.changed', key: AGENT_UPDATES_SETTING });
    return next;
  }

  /** "Update agent" on a room: its connected agent installs this server's build now. */
  async updateRoomAgent(caller: Caller, roomId: string): Promise<{ version: string }> {
    const room = await this.deps.roomAccess.requireRoom(caller, roomId, 'rooms', 'modify');
    const device = await this.deps.versions.activeDeviceOfRoom(room.id);
    if (!device) throw new AppError('NOT_FOUND', 'This room has no enrolled agent');
    await this.deps.files.refresh();
    const release = this.#release(device.platform as AgentPlatform);
    if (!release) throw new AppError('CONFLICT', `This server has no build of the agent for ${device.platform} consoles`);
    const presence = await this.deps.agents.presence(room.id);
    if (!presence.online) throw new AppError('AGENT_OFFLINE', "The room's agent is not connected");
    if (presence.agentVersion && !isOlderAgentVersion(presence.agentVersion, release.version)) throw new AppError('CONFLICT', `The agent already runs ${presence.agentVersion}`);
    if (!(await this.deps.agents.send(room.id, { type: 'agent.update', release }))) throw new AppError('AGENT_OFFLINE', "The room's agent is not connected");
    await this.deps.audit.record(caller, { action: 'device.update', targetType: 'device', targetId: device.id, details: { roomId: room.id, roomName: room.name, from: presence.agentVersion, to: release.version } });
    return { version: release.version };
  }

  /** Rooms the caller can see whose agent is older than this server's build, by room id. */
  async outdated(caller: Caller, limit: number, cursor: string | undefined): Promise<{ version: string | null; items: OutdatedAgent[]; nextCursor: string | null }> {
    const { version } = this.deps.files.current;
    if (!version) return { version, items: [], nextCursor: null };
    const items: OutdatedAgent[] = [];
    let after = cursor;
    // Versions do not sort in SQL: read pages of active devices and keep the older ones.
    for (let pages = 0; pages < 50 && items.length < limit; pages++) {
      const rows = await this.deps.versions.activeDevices(after, 500);
      for (const row of rows) {
        if (items.length >= limit) break;
        after = row.roomId;
        if (!caller.grants.canView({ id: row.roomId, siteId: row.siteId, roomGroupIds: row.roomGroupIds }) || !isOlderAgentVersion(row.agentVersion, version)) continue;
        items.push({ roomId: row.roomId, roomName: row.roomName, agentVersion: row.agentVersion, platform: row.platform, latestVersion: version });
      }
      if (rows.length < 500) return { version, items, nextCursor: items.length >= limit && after ? after : null };
    }
    return { version, items, nextCursor: after ?? null };
  }
}
