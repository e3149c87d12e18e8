// Rooms: the list and summary of the rooms a caller can view (one SQL filter built from
// their grants, never a query per room), and reading, creating, editing and deleting a
// room. Each room carries the caller's own levels on it (myPermissions).
import { ROOM_STATUSES, type RoomStatus, type RoomSummary, type RoomView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { Page } from '../repositories/cursor.ts';
import type { RoomListQuery, RoomRecord, RoomsRepository } from '../repositories/rooms.repository.ts';
import type { SitesRepository } from '../repositories/sites.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { actorOf, type Caller } from '../access/caller.ts';
import { mayPlaceRoom } from '../access/policies/rooms.policy.ts';
import { refuseIfRetired, type RoomAccessService } from '../access/room-access.service.ts';
import { roomView } from '../directory/views.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import { remoteAccessNotice } from '../notifications/notices.ts';

export interface RoomCreate {
  name: string;
  siteId?: string | null | undefined;
  region?: string | undefined;
  remoteAccessAllowed?: boolean | undefined;
}

export type RoomPatch = Partial<RoomCreate>;

const view = (caller: Caller, r: RoomRecord): RoomView => roomView(r, caller.grants.roomPermissions(r));
const auditShape = (r: RoomRecord) => ({ id: r.id, name: r.name, siteId: r.siteId, siteName: r.siteName, region: r.region, remoteAccessAllowed: r.remoteAccessAllowed });

export interface RoomsServiceDeps {
  rooms: RoomsRepository;
  sites: SitesRepository;
  access: RoomAccessService;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
  /** Notifications: a room's remote access allowed or refused (remote_access.changed), written with the change. */
  outbox?: NotificationEnqueuer | undefined;
}

export class RoomsService {
  constructor(private readonly deps: RoomsServiceDeps) {}

  async list(caller: Caller, query: Omit<RoomListQuery, 'visibility'>): Promise<Page<RoomView>> {
    const page = await this.deps.rooms.list({ ...query, visibility: caller.grants.visibleScope() });
    return { items: page.items.map((r) => view(caller, r)), nextCursor: page.nextCursor };
  }

  async summary(caller: Caller): Promise<RoomSummary> {
    const counts = await this.deps.rooms.countByStatus(caller.grants.visibleScope());
    const out: RoomSummary = { healthy: 0, warning: 0, unhealthy: 0, offline: 0, total: 0 };
    for (const [status, n] of Object.entries(counts)) {
      if ((ROOM_STATUSES as readonly string[]).includes(status)) out[status as RoomStatus] = n;
      out.total += n;
    }
    return out;
  }

  async get(caller: Caller, id: string): Promise<RoomView> {
    await this.deps.access.findVisibleRoom(caller, id);
    const row = await this.deps.rooms.findById(id);
    if (!row) throw notFound('Room');
    return view(caller, row);
  }

  /** The running maintenance window of a room the caller can view. */
  async maintenance(caller: Caller, id: string): Promise<{ until: string | null; reason: string | null; active: boolean }> {
    const room = await this.get(caller, id);
    return { until: room.maintenanceUntil, reason: room.maintenanceReason, active: room.maintenanceUntil !== null };
  }

  private needToPlace(caller: Caller, roomId: string, siteId: string | null, what: string): void {
    if (!mayPlaceRoom(caller.grants, roomId, siteId)) throw new AppError('FORBIDDEN', what);
  }

  private async checkSite(siteId: string | null | undefined): Promise<void> {
    if (siteId && !(await this.deps.sites.findById(siteId))) throw invalid('siteId', 'No site has this id');
  }

  async create(caller: Caller, input: RoomCreate): Promise<RoomView> {
    const id = crypto.randomUUID();
    const siteId = input.siteId ?? null;
    this.needToPlace(caller, id, siteId, siteId ? 'Creating a room here needs Rooms: Modify on all rooms or on this site' : 'Creating a room without a site needs Rooms: Modify on all rooms');
    await this.checkSite(siteId);
    return this.deps.tx.run(async (ex) => {
      await this.deps.rooms.insert({ id, name: input.name, siteId, region: input.region ?? 'default', remoteAccessAllowed: input.remoteAccessAllowed ?? true }, ex);
      const row = await this.deps.rooms.findById(id, ex);
      if (!row) throw notFound('Room');
      await this.deps.audit.record(caller, { action: 'room.create', targetType: 'room', targetId: id, details: { before: null, after: auditShape(row) } }, ex);
      return view(caller, row);
    });
  }

  async update(caller: Caller, id: string, patch: RoomPatch): Promise<RoomView> {
    const room = await this.deps.access.requireRoom(caller, id, 'rooms', 'modify');
    refuseIfRetired(room);
    if (patch.siteId !== undefined && patch.siteId !== room.siteId) {
      // Moving a room must not hand it to a site the caller does not manage.
      this.needToPlace(caller, id, patch.siteId, 'Moving a room there needs Rooms: Modify on the destination');
      await this.checkSite(patch.siteId);
    }
    const { view: result, before } = await this.deps.tx.run(async (ex) => {
      const before = await this.deps.rooms.findById(id, ex);
      if (!before) throw notFound('Room');
      await this.deps.rooms.update(
        id,
        {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.siteId !== undefined ? { siteId: patch.siteId } : {}),
          ...(patch.region !== undefined ? { region: patch.region } : {}),
          ...(patch.remoteAccessAllowed !== undefined ? { remoteAccessAllowed: patch.remoteAccessAllowed } : {}),
        },
        ex,
      );
      const after = await this.deps.rooms.findById(id, ex);
      if (!after) throw notFound('Room');
      await this.deps.audit.record(caller, { action: 'room.update', targetType: 'room', targetId: id, details: { before: auditShape(before), after: auditShape(after) } }, ex);
      if (after.remoteAccessAllowed !== before.remoteAccessAllowed) await this.deps.outbox?.enqueue(ex, remoteAccessNotice(after.remoteAccessAllowed, actorOf(caller).actorLabel, { id, name: after.name, siteId: after.siteId }));
      return { view: view(caller, after), before };
    });
    // A room excluded from remote access, or moved out of a site scope: live sessions re-check.
    await this.deps.bus.publish({ type: 'room.updated', roomId: id, siteId: result.siteId, previousSiteId: before.siteId, remoteAccessAllowed: result.remoteAccessAllowed });
    return result;
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.access.requireRoom(caller, id, 'rooms', 'modify');
    const siteId = await this.deps.tx.run(async (ex) => {
      const before = await this.deps.rooms.findById(id, ex);
      if (!before) throw notFound('Room');
      await this.deps.rooms.deleteWithScope(id, ex);
      await this.deps.audit.record(caller, { action: 'room.delete', targetType: 'room', targetId: id, details: { before: auditShape(before), after: null } }, ex);
      return before.siteId;
    });
    await this.deps.bus.publish({ type: 'room.deleted', roomId: id, siteId });
  }
}
