// Retiring a room (POST /rooms/:id/retire, Rooms: Modify on the room): it leaves every list
// and count, its agent's credentials are revoked, its open incidents are resolved as
// retired, and in the same transaction its `room.retire` audit entry; then `room.deleted`
// (retired) goes out on the bus, which closes its agent's connection on whichever node holds
// it and ends its live sessions. Its history (incidents, sessions, actions, audit) stays and
// GET /rooms/:id still answers it, with `retiredAt`. DELETE /rooms/:id still exists for a
// room that should leave no trace.
import type { RoomView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { DevicesRepository } from '../repositories/devices.repository.ts';
import type { RoomsRepository } from '../repositories/rooms.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { actorOf, type Caller } from '../access/caller.ts';
import { refuseIfRetired, type RoomAccessService } from '../access/room-access.service.ts';
import type { IncidentLifecycle } from '../health/incident-lifecycle.ts';
import { incidentView } from '../health/health-views.ts';
import { roomView } from '../directory/views.ts';

export interface RoomRetirementServiceDeps {
  rooms: RoomsRepository;
  devices: DevicesRepository;
  lifecycle: IncidentLifecycle;
  access: RoomAccessService;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
}

export class RoomRetirementService {
  constructor(private readonly deps: RoomRetirementServiceDeps) {}

  async retire(caller: Caller, id: string): Promise<RoomView> {
    const room = await this.deps.access.requireRoom(caller, id, 'rooms', 'modify');
    refuseIfRetired(room);
    const at = new Date();
    const { actorId, actorLabel } = actorOf(caller);
    const { after, resolved } = await this.deps.tx.run(async (ex) => {
      if (!(await this.deps.rooms.retire(id, at, ex))) refuseIfRetired({ retiredAt: at });
      const devices = await this.deps.devices.revokeForRoom(id, at, ex);
      const resolved = await this.deps.lifecycle.resolve({ roomId: id, all: true }, { at, resolution: 'retired', byId: caller.principal.kind === 'user' ? actorId : null, byLabel: actorLabel }, ex);
      const after = await this.deps.rooms.findById(id, ex);
      if (!after) throw notFound('Room');
      await this.deps.audit.record(
        caller,
        { action: 'room.retire', targetType: 'room', targetId: id, details: { name: room.name, siteId: room.siteId, revokedDevices: devices, resolvedIncidents: resolved.map((r) => r.id) } },
        ex,
      );
      return { after, resolved };
    });
    for (const r of resolved) await this.deps.bus.publish({ type: 'incident.resolved', roomId: id, siteId: room.siteId, incident: incidentView(r, { name: room.name, siteId: room.siteId }) });
    await this.deps.bus.publish({ type: 'room.deleted', roomId: id, siteId: room.siteId, retired: true });
    return roomView(after, caller.grants.roomPermissions({ id, siteId: after.siteId, roomGroupIds: after.roomGroupIds }));
  }
}
