// RoomAccess: the one way for any room-scoped service to resolve a room for a caller.
//
//   const room = await roomAccess.findVisibleRoom(caller, roomId);                     // 404 unless visible
//   const room = await roomAccess.requireRoom(caller, roomId, 'remoteAccess', 'modify'); // and 403 below the level
//   // → { id, siteId, roomGroupIds, name, region, remoteAccessAllowed, retiredAt }
//   refuseIfRetired(room);                                                              // 409 ROOM_RETIRED
//
// A room that does not exist or that the caller cannot view (no level in any room area
// on it) is a 404 NOT_FOUND; a visible room where the caller's level in `area` is below
// `level` is a 403 FORBIDDEN (policies/rooms.policy.ts decides). For lists, use the
// caller's `grants.visibleScope()` (or a policy's scope) as the SQL filter.
import type { Level, RoomArea } from '@roomwarden/protocol';
import type { Executor } from '../db/database.ts';
import { isUuid } from '../repositories/directory-support.ts';
import type { RoomsRepository } from '../repositories/rooms.repository.ts';
import { AppError } from '../errors.ts';
import type { Caller } from './caller.ts';
import type { RoomRef } from './grants.ts';
import { roomRefusal, type RoomRefusal } from './policies/rooms.policy.ts';

export interface ResolvedRoom {
  id: string;
  siteId: string | null;
  roomGroupIds: string[];
  name: string;
  region: string;
  remoteAccessAllowed: boolean;
  /** Set once the room is retired: it is still read, nothing new happens to it. */
  retiredAt: Date | null;
}

/** A retired room keeps its history, but takes no session, action, incident or change (409 ROOM_RETIRED). */
export function refuseIfRetired(room: { retiredAt: Date | null }): void {
  if (room.retiredAt) throw new AppError('ROOM_RETIRED', `This room was retired on ${room.retiredAt.toISOString().slice(0, 10)}; its history stays, nothing new can happen to it`);
}

/** Throws the error a room refusal stands for; `what` names the thing that is not found. */
export function throwIfRefused(refusal: RoomRefusal | null, area: RoomArea, level: Level, what = 'Room'): void {
  if (refusal === 'NOT_FOUND') throw new AppError('NOT_FOUND', `${what} not found`);
  if (refusal === 'FORBIDDEN') throw new AppError('FORBIDDEN', `This needs ${level} permission on ${area} for this room`);
}

/** The caller may act in `area` at `level` on a room already loaded (404 / 403 otherwise). */
export function requireOnRoom(caller: Caller, room: RoomRef, area: RoomArea, level: Level, what = 'Room'): void {
  throwIfRefused(roomRefusal(caller.grants, room, area, level), area, level, what);
}

export class RoomAccessService {
  constructor(private readonly rooms: RoomsRepository) {}

  /** A room the caller can view at all (any level in any room area), or 404. */
  async findVisibleRoom(caller: Caller, roomId: string, ex?: Executor): Promise<ResolvedRoom> {
    return this.requireRoom(caller, roomId, 'rooms', 'none', ex);
  }

  /** Resolves a room for the caller: 404 when missing or invisible, 403 when the level is too low. */
  async requireRoom(caller: Caller, roomId: string, area: RoomArea, level: Level, ex?: Executor): Promise<ResolvedRoom> {
    const row = isUuid(roomId) ? await this.rooms.findById(roomId, ex) : undefined;
    if (!row) throw new AppError('NOT_FOUND', 'Room not found');
    requireOnRoom(caller, row, area, level);
    return { id: row.id, siteId: row.siteId, roomGroupIds: row.roomGroupIds, name: row.name, region: row.region, remoteAccessAllowed: row.remoteAccessAllowed, retiredAt: row.retiredAt };
  }
}
