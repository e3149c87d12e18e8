// Room agents as administrators see them: the enrolled device and its live connection,
// and revocation (the connection closes at once and the credential stops working).
import { parseDeviceAuthHeader, type AgentPlatform, type RoomAgentView } from '@roomwarden/protocol';
import { AppError } from '../errors.ts';
import type { LiveAgent } from '../gateway/agent-state.ts';
import type { AgentRoom, AgentRoomsRepository } from '../repositories/agent-rooms.repository.ts';
import type { DeviceRow, DevicesRepository, DeviceWithRoom } from '../repositories/devices.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from './audit.service.ts';
import type { AuthorizationService, Grants } from './authorization.service.ts';
import type { RoomAccessService } from './room-access.service.ts';
import type { RequestContext } from './context.ts';
import { safeEqual, sha256Hex } from './secrets.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_HASH = '0'.repeat(64);

/** The gateway's side of it. */
export interface AgentConnections {
  live(roomId: string): LiveAgent | undefined;
  deviceRevoked(deviceId: string, roomId: string): void;
}

export class DevicesService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly rooms: AgentRoomsRepository,
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly authz: AuthorizationService,
    private readonly roomAccess: RoomAccessService,
    private readonly connections: AgentConnections,
  ) {}

  /** The agent's control connection credential: `Device <deviceId>:<secret>`, compared in constant time. */
  async authenticate(header: string | undefined): Promise<DeviceWithRoom> {
    const cred = parseDeviceAuthHeader(header);
    if (!cred || !UUID.test(cred.deviceId)) throw new AppError('INVALID_CREDENTIALS', 'A device credential is required: Authorization: Device <deviceId>:<secret>');
    const device = await this.devices.findWithRoom(cred.deviceId);
    const presented = sha256Hex(cred.secret);
    // Compare against something even for an unknown device, so timing does not tell which ids exist.
    if (!safeEqual(presented, device?.secret_hash ?? NO_HASH) || !device) throw new AppError('INVALID_CREDENTIALS', 'The device credential is not valid');
    if (device.revoked_at) throw new AppError('DEVICE_REVOKED', 'This device was revoked; enroll it again');
    return device;
  }

  async #room(grants: Grants, roomId: string, level: 'view' | 'modify'): Promise<AgentRoom> {
    const resolved = await this.roomAccess.requireRoom(grants, roomId, 'rooms', level);
    const room = await this.rooms.find(resolved.id);
    if (!room) throw new AppError('NOT_FOUND', 'Room not found');
    return room;
  }

  async agentOf(grants: Grants, roomId: string): Promise<RoomAgentView> {
    const room = await this.#room(grants, roomId, 'view');
    const device = await this.devices.findForRoom(room.id);
    const active = device && !device.revoked_at ? device : undefined;
    const live = active ? this.connections.live(room.id) : undefined;
    const caps = (active?.capabilities ?? {}) as { vnc?: unknown };
    return {
      enrolled: Boolean(active),
      deviceId: device?.id ?? null,
      revoked: Boolean(device?.revoked_at),
      agentVersion: live?.info?.agentVersion ?? device?.agent_version ?? null,
      platform: (live?.info?.platform ?? device?.platform ?? null) as AgentPlatform | null,
      hostname: live?.info?.hostname ?? device?.hostname ?? null,
      osVersion: live?.info?.osVersion ?? device?.os_version ?? null,
      capabilities: { vnc: live?.info ? live.info.vnc : caps.vnc === true },
      connected: live?.connected ?? false,
      connectedAt: live?.connected ? live.connectedAt : null,
      lastHeartbeatAt: live?.lastHeartbeatAt ?? room.lastSeenAt?.toISOString() ?? null,
      enrolledAt: device?.enrolled_at.toISOString() ?? null,
      nodeId: live?.connected ? live.nodeId : null,
      lastUpdate: live?.info?.lastUpdate ?? null,
    };
  }

  async revokeDevice(ctx: RequestContext, grants: Grants, deviceId: string): Promise<void> {
    const device = await this.devices.findById(deviceId);
    const room = device && (await this.rooms.find(device.room_id));
    if (!device || !room || !grants.canView(room)) throw new AppError('NOT_FOUND', 'Device not found');
    this.authz.requireOnRoom(grants, 'rooms', 'modify', room);
    if (device.revoked_at) throw new AppError('NOT_FOUND', 'Device not found');
    await this.#revoke(ctx, device, room);
  }

  async revokeRoomAgent(ctx: RequestContext, grants: Grants, roomId: string): Promise<void> {
    const room = await this.#room(grants, roomId, 'modify');
    const device = await this.devices.findForRoom(room.id);
    if (!device || device.revoked_at) throw new AppError('NOT_FOUND', 'This room has no enrolled agent');
    await this.#revoke(ctx, device, room);
  }

  async #revoke(ctx: RequestContext, device: DeviceRow, room: AgentRoom): Promise<void> {
    await this.tx.run(async (ex) => {
      if (!(await this.devices.revoke(ex, device.id, new Date()))) throw new AppError('NOT_FOUND', 'Device not found');
      await this.audit.record(ctx, { action: 'device.revoke', targetType: 'device', targetId: device.id, details: { roomId: room.id, roomName: room.name, hostname: device.hostname } }, ex);
    });
    this.connections.deviceRevoked(device.id, room.id);
  }
}
