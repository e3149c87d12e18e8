// Room agents as administrators see them: the enrolled device and its live connection,
// and revocation (the connection closes at once and the credential stops working).
import { parseDeviceAuthHeader, type AgentPlatform, type RoomAgentView } from '@roomwarden/protocol';
import { AppError } from '../errors.ts';
import type { LiveAgent } from '../gateway/agent-state.ts';
import type { AgentRoom, AgentRoomsRepository } from '../repositories/agent-rooms.repository.ts';
import type { DeviceRecord, DevicesRepository, DeviceWithRoom } from '../repositories/devices.repository.ts';

export type { DeviceWithRoom } from '../repositories/devices.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { requireOnRoom, type RoomAccessService } from '../access/room-access.service.ts';
import type { Caller } from '../access/caller.ts';
import { safeEqual, sha256Hex } from '../secrets/random-secrets.ts';
import { MicroBatch } from '../platform/micro-batch.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_HASH = '0'.repeat(64);

/** The gateway's side of it. */
export interface AgentConnections {
  live(roomId: string): LiveAgent | undefined;
  deviceRevoked(deviceId: string, roomId: string): void;
}

export interface DevicesServiceDeps {
  devices: DevicesRepository;
  rooms: AgentRoomsRepository;
  tx: Transactor;
  audit: AuditService;
  roomAccess: RoomAccessService;
  connections: AgentConnections;
}

export class DevicesService {
  // The devices of agents connecting together (thousands after a node's loss) are read in one statement.
  readonly #lookups: MicroBatch<string, DeviceWithRoom>;

  constructor(private readonly deps: DevicesServiceDeps) {
    this.#lookups = new MicroBatch((ids) => deps.devices.findManyWithRoom(ids));
  }

  /** The agent's control connection credential: `Device <deviceId>:<secret>`, compared in constant time. */
  async authenticate(header: string | undefined): Promise<DeviceWithRoom> {
    const cred = parseDeviceAuthHeader(header);
    if (!cred || !UUID.test(cred.deviceId)) throw new AppError('INVALID_CREDENTIALS', 'A device credential is required: Authorization: Device <deviceId>:<secret>');
    const device = await this.#lookups.load(cred.deviceId.toLowerCase());
    const presented = sha256Hex(cred.secret);
    // Compare against something even for an unknown device, so timing does not tell which ids exist.
    if (!safeEqual(presented, device?.secretHash ?? NO_HASH) || !device) throw new AppError('INVALID_CREDENTIALS', 'The device credential is not valid');
    if (device.revokedAt) throw new AppError('DEVICE_REVOKED', 'This device was revoked; enroll it again');
    return device;
  }

  async #room(caller: Caller, roomId: string, level: 'view' | 'modify'): Promise<AgentRoom> {
    const resolved = await this.deps.roomAccess.requireRoom(caller, roomId, 'rooms', level);
    const room = await this.deps.rooms.find(resolved.id);
    if (!room) throw new AppError('NOT_FOUND', 'Room not found');
    return room;
  }

  async agentOf(caller: Caller, roomId: string): Promise<RoomAgentView> {
    const room = await this.#room(caller, roomId, 'view');
    const device = await this.deps.devices.findForRoom(room.id);
    const active = device && !device.revokedAt ? device : undefined;
    const live = active ? this.deps.connections.live(room.id) : undefined;
    const caps = (active?.capabilities ?? {}) as { vnc?: unknown; displays?: unknown };
    return {
      enrolled: Boolean(active),
      deviceId: device?.id ?? null,
      revoked: Boolean(device?.revokedAt),
      agentVersion: live?.info?.agentVersion ?? device?.agentVersion ?? null,
      platform: (live?.info?.platform ?? device?.platform ?? null) as AgentPlatform | null,
      hostname: live?.info?.hostname ?? device?.hostname ?? null,
      osVersion: live?.info?.osVersion ?? device?.osVersion ?? null,
      capabilities: {
        vnc: live?.info ? live.info.vnc : caps.vnc === true,
        displays: live?.info ? [...live.info.displays] : storedDisplays(caps.displays),
        ...(live?.connected && live.info ? { actions: live.info.actions ?? [] } : {}),
      },
      connected: live?.connected ?? false,
      connectedAt: live?.connected ? live.connectedAt : null,
      lastHeartbeatAt: live?.lastHeartbeatAt ?? room.lastSeenAt?.toISOString() ?? null,
      enrolledAt: device?.enrolledAt.toISOString() ?? null,
      nodeId: live?.connected ? live.nodeId : null,
      lastUpdate: live?.info?.lastUpdate ?? null,
    };
  }

  async revokeDevice(caller: Caller, deviceId: string): Promise<void> {
    const device = await this.deps.devices.findById(deviceId);
    const room = device && (await this.deps.rooms.find(device.roomId));
    if (!device || !room) throw new AppError('NOT_FOUND', 'Device not found');
    requireOnRoom(caller, room, 'rooms', 'modify', 'Device');
    if (device.revokedAt) throw new AppError('NOT_FOUND', 'Device not found');
    await this.#revoke(caller, device, room);
  }

  async revokeRoomAgent(caller: Caller, roomId: string): Promise<void> {
    const room = await this.#room(caller, roomId, 'modify');
    const device = await this.deps.devices.findForRoom(room.id);
    if (!device || device.revokedAt) throw new AppError('NOT_FOUND', 'This room has no enrolled agent');
    await this.#revoke(caller, device, room);
  }

  async #revoke(caller: Caller, device: DeviceRecord, room: AgentRoom): Promise<void> {
    await this.deps.tx.run(async (ex) => {
      if (!(await this.deps.devices.revoke(device.id, new Date(), ex))) throw new AppError('NOT_FOUND', 'Device not found');
      await this.deps.audit.record(caller, { action: 'device.revoke', targetType: 'device', targetId: device.id, details: { roomId: room.id, roomName: room.name, hostname: device.hostname } }, ex);
    });
    this.deps.connections.deviceRevoked(device.id, room.id);
  }
}

/** The displays the devices row kept from the agent's last hello (written by the gateway from a parsed hello). */
function storedDisplays(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((d): d is string => typeof d === 'string') : [];
}
