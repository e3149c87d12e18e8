// Room groups: named, free sets of rooms (DESIGN "Authorisation model"). Reading is for
// any signed-in user and shows only the rooms they can view; managing a group and its rooms
// needs Rooms: Modify on all rooms (access/policies/room-groups.policy.ts). Every change is
// audited; a change of a group's rooms (or its deletion) re-checks live sessions, since an
// assignment scoped to the group may no longer cover a room (room_group.changed).
import type { RoomGroupView, RoomView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import type { Executor } from '../db/database.ts';
import type { Page } from '../repositories/cursor.ts';
import type { RoomGroupRecord, RoomGroupsRepository } from '../repositories/room-groups.repository.ts';
import type { RoomsRepository } from '../repositories/rooms.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import { mayManageRoomGroups, roomGroupRoomsScope } from '../access/policies/room-groups.policy.ts';
import type { ListQuery } from '../directory/users.service.ts';
import { roomGroupView, roomView } from '../directory/views.ts';

export interface RoomGroupInput {
  name?: string | undefined;
  description?: string | undefined;
  roomIds?: string[] | undefined;
}

export interface RoomGroupsServiceDeps {
  groups: RoomGroupsRepository;
  rooms: RoomsRepository;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
}

function requireManage(caller: Caller): void {
  if (!mayManageRoomGroups(caller.grants)) throw new AppError('FORBIDDEN', 'Managing room groups needs Rooms: Modify on all rooms');
}

export class RoomGroupsService {
  constructor(private readonly deps: RoomGroupsServiceDeps) {}

  private async views(caller: Caller, groups: RoomGroupRecord[], ex?: Executor): Promise<RoomGroupView[]> {
    const rooms = await this.deps.groups.visibleRoomIds(
      groups.map((g) => g.id),
      roomGroupRoomsScope(caller.grants),
      ex,
    );
    return groups.map((g) => roomGroupView(g, rooms.get(g.id) ?? []));
  }

  private async view(caller: Caller, group: RoomGroupRecord, ex?: Executor): Promise<RoomGroupView> {
    const [v] = await this.views(caller, [group], ex);
    if (!v) throw notFound('Room group');
    return v;
  }

  private async mustFind(id: string, ex?: Executor): Promise<RoomGroupRecord> {
    const g = await this.deps.groups.findById(id, ex);
    if (!g) throw notFound('Room group');
    return g;
  }

  async list(caller: Caller, query: ListQuery): Promise<Page<RoomGroupView>> {
    const page = await this.deps.groups.list(query);
    return { items: await this.views(caller, page.items), nextCursor: page.nextCursor };
  }

  async get(caller: Caller, id: string): Promise<RoomGroupView> {
    return this.view(caller, await this.mustFind(id));
  }

  /** The group's rooms the caller can view, as the rooms list shows them. */
  async rooms(caller: Caller, id: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<RoomView>> {
    await this.mustFind(id);
    const page = await this.deps.rooms.list({ ...query, roomGroupId: id, sort: 'name', order: 'asc', visibility: roomGroupRoomsScope(caller.grants) });
    return { items: page.items.map((r) => roomView(r, caller.grants.roomPermissions(r))), nextCursor: page.nextCursor };
  }

  private async checkName(name: string, selfId: string | null, ex: Executor): Promise<void> {
    if (!name) throw invalid('name', 'A room group needs a name');
    const other = await this.deps.groups.findByName(name, ex);
    if (other && other.id !== selfId) throw new AppError('ALREADY_EXISTS', 'A room group with this name already exists', 'name');
  }

  private async checkRooms(roomIds: readonly string[], ex: Executor): Promise<void> {
    const found = await this.deps.rooms.existingIds(roomIds, ex);
    const missing = roomIds.find((id) => !found.has(id));
    if (missing) throw invalid('roomIds', `Unknown room id ${missing}`);
  }

  async create(caller: Caller, input: RoomGroupInput & { name: string }): Promise<RoomGroupView> {
    requireManage(caller);
    const name = input.name.trim();
    const roomIds = [...new Set(input.roomIds ?? [])];
    return this.deps.tx.run(async (ex) => {
      await this.checkName(name, null, ex);
      await this.checkRooms(roomIds, ex);
      const id = crypto.randomUUID();
      await this.deps.groups.insert({ id, name, description: input.description ?? '' }, ex);
      for (const roomId of roomIds) await this.deps.groups.addRoom(id, roomId, ex);
      const after = await this.view(caller, await this.mustFind(id, ex), ex);
      await this.deps.audit.record(caller, { action: 'room_group.create', targetType: 'room_group', targetId: id, details: { before: null, after } }, ex);
      return after;
    });
  }

  /** Renames or re-describes a group; `roomIds`, when given, becomes its set of rooms. */
  async update(caller: Caller, id: string, patch: RoomGroupInput): Promise<RoomGroupView> {
    requireManage(caller);
    let roomsChanged = false;
    const view = await this.deps.tx.run(async (ex) => {
      const current = await this.mustFind(id, ex);
      const before = await this.view(caller, current, ex);
      const name = (patch.name ?? current.name).trim();
      await this.checkName(name, id, ex);
      await this.deps.groups.update(id, { name, description: patch.description ?? current.description }, ex);
      if (patch.roomIds) {
        const wanted = new Set(patch.roomIds);
        await this.checkRooms([...wanted], ex);
        const had = new Set(before.roomIds);
        for (const roomId of wanted) if (!had.has(roomId) && (await this.deps.groups.addRoom(id, roomId, ex))) roomsChanged = true;
        for (const roomId of had) if (!wanted.has(roomId) && (await this.deps.groups.removeRoom(id, roomId, ex))) roomsChanged = true;
      }
      const after = await this.view(caller, await this.mustFind(id, ex), ex);
      await this.deps.audit.record(caller, { action: 'room_group.update', targetType: 'room_group', targetId: id, details: { before, after } }, ex);
      return after;
    });
    if (roomsChanged) await this.changed(id);
    return view;
  }

  async delete(caller: Caller, id: string): Promise<void> {
    requireManage(caller);
    await this.deps.tx.run(async (ex) => {
      const before = await this.view(caller, await this.mustFind(id, ex), ex);
      await this.deps.groups.deleteWithScope(id, ex);
      await this.deps.audit.record(caller, { action: 'room_group.delete', targetType: 'room_group', targetId: id, details: { before, after: null } }, ex);
    });
    await this.changed(id);
  }

  /** Adds a room; `added` is false when it was already in the group. */
  async addRoom(caller: Caller, id: string, roomId: string): Promise<{ added: boolean; group: RoomGroupView }> {
    requireManage(caller);
    const result = await this.deps.tx.run(async (ex) => {
      const group = await this.mustFind(id, ex);
      const room = await this.deps.rooms.findById(roomId, ex);
      if (!room) throw invalid('roomId', 'No room has this id');
      const added = await this.deps.groups.addRoom(id, roomId, ex);
      if (added) {
        await this.deps.groups.touch(id, ex);
        await this.deps.audit.record(caller, { action: 'room_group.room_add', targetType: 'room_group', targetId: id, details: { roomGroup: { id, name: group.name }, room: { id: room.id, name: room.name } } }, ex);
      }
      return { added, group: await this.view(caller, await this.mustFind(id, ex), ex) };
    });
    if (result.added) await this.changed(id);
    return result;
  }

  async removeRoom(caller: Caller, id: string, roomId: string): Promise<void> {
    requireManage(caller);
    await this.deps.tx.run(async (ex) => {
      const group = await this.mustFind(id, ex);
      const room = await this.deps.rooms.findById(roomId, ex);
      if (!room || !(await this.deps.groups.removeRoom(id, roomId, ex))) throw notFound('Room in this group');
      await this.deps.groups.touch(id, ex);
      await this.deps.audit.record(caller, { action: 'room_group.room_remove', targetType: 'room_group', targetId: id, details: { roomGroup: { id, name: group.name }, room: { id: room.id, name: room.name } } }, ex);
    });
    await this.changed(id);
  }

  private async changed(roomGroupId: string): Promise<void> {
    await this.deps.bus.publish({ type: 'room_group.changed', roomGroupId });
  }
}
