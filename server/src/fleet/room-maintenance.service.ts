// A room's maintenance window (PUT/DELETE /rooms/:id/maintenance, Rooms: Modify on the room):
// until `until` (in the future, at most MAINTENANCE_MAX_DAYS ahead) the health engine opens
// no new incident for the room (health/incident-settings.service.ts reads it); incidents
// already open stay. Audited; shown on the room (`maintenanceUntil`, `maintenanceReason`).
import { MAINTENANCE_MAX_DAYS, type RoomView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { RoomsRepository } from '../repositories/rooms.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import { refuseIfRetired, type RoomAccessService } from '../access/room-access.service.ts';
import { maintenanceOf, roomView } from '../directory/views.ts';

export interface RoomMaintenanceServiceDeps {
  rooms: RoomsRepository;
  access: RoomAccessService;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
  now?: () => Date;
}

const DAY_MS = 86_400_000;

export class RoomMaintenanceService {
  constructor(private readonly deps: RoomMaintenanceServiceDeps) {}

  async set(caller: Caller, id: string, input: { until: string; reason: string }): Promise<RoomView> {
    const now = this.deps.now?.() ?? new Date();
    const until = new Date(input.until);
    if (until.getTime() <= now.getTime()) throw invalid('until', 'The maintenance window must end in the future');
    if (until.getTime() > now.getTime() + MAINTENANCE_MAX_DAYS * DAY_MS) throw invalid('until', `A maintenance window lasts at most ${MAINTENANCE_MAX_DAYS} days`);
    return this.#write(caller, id, until, input.reason, now);
  }

  async clear(caller: Caller, id: string): Promise<void> {
    await this.#write(caller, id, null, null, this.deps.now?.() ?? new Date());
  }

  async #write(caller: Caller, id: string, until: Date | null, reason: string | null, now: Date): Promise<RoomView> {
    const room = await this.deps.access.requireRoom(caller, id, 'rooms', 'modify');
    refuseIfRetired(room);
    const after = await this.deps.tx.run(async (ex) => {
      const before = await this.deps.rooms.findById(id, ex);
      if (!before) throw notFound('Room');
      const was = maintenanceOf(before, now);
      if (until === null && was.maintenanceUntil === null) throw new AppError('NOT_FOUND', 'This room has no maintenance window');
      if (!(await this.deps.rooms.setMaintenance(id, until, reason, ex))) refuseIfRetired({ retiredAt: now });
      const after = await this.deps.rooms.findById(id, ex);
      if (!after) throw notFound('Room');
      const action = until ? 'room.maintenance.set' : 'room.maintenance.clear';
      await this.deps.audit.record(caller, { action, targetType: 'room', targetId: id, details: { name: before.name, before: was, after: maintenanceOf(after, now) } }, ex);
      return after;
    });
    // The room page and the Rooms list show the window.
    await this.deps.bus.publish({ type: 'room.updated', roomId: id, siteId: after.siteId, previousSiteId: after.siteId, remoteAccessAllowed: after.remoteAccessAllowed });
    return roomView(after, caller.grants.roomPermissions({ id, siteId: after.siteId, roomGroupIds: after.roomGroupIds }));
  }
}
