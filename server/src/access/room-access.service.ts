// RoomAccess: the one reusable way for any room-scoped route to resolve a room for a
// caller. Used by rooms, and by the signals / incidents / agent / sessions routes:
//
//   const grants = await roomAccess.grantsOf(ctx, request.grants);   // request.grants when the route declared an area
//   const room = await roomAccess.requireRoom(grants, roomId, 'remoteAccess', 'modify');
//   // → { id, siteId, name, region, remoteAccessAllowed }
//
// A room that does not exist or that the caller cannot view (no level in any room area
// on it) is a 404 NOT_FOUND; a visible room where the caller's level in `area` is below
// `level` is a 403 FORBIDDEN. Grants are loaded per request (never cached across
// requests), so a role or membership change decides the very next request.
// For lists, use `roomAccess.visibility(grants)` (or grants.roomFilter) as the SQL filter.
import type { Level, RoomArea } from '@roomwarden/protocol';
import type { Executor } from '../db/database.ts';
import { isUuid } from '../repositories/directory-support.ts';
import type { RoomsRepository, RoomVisibility } from '../repositories/rooms.repository.ts';
import type { AuthorizationService, Grants } from './authorization.service.ts';
import type { RequestContext } from './caller.ts';
import { AppError } from '../errors.ts';

export interface ResolvedRoom {
  id: string;
  siteId: string | null;
  name: string;
  region: string;
  remoteAccessAllowed: boolean;
}

export class RoomAccessService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly authz: AuthorizationService,
  ) {}

  /** The caller's grants: those the request already loaded, or loaded now. */
  async grantsOf(ctx: RequestContext, loaded?: Grants): Promise<Grants> {
    if (loaded) return loaded;
    if (ctx.principal.kind === 'anonymous') throw new AppError('NOT_AUTHENTICATED', 'Sign in first');
    return this.authz.grantsFor(ctx.principal);
  }

  /** Rooms the caller can view, as a filter for SQL. */
  visibility(grants: Grants): RoomVisibility {
    return grants.visibleRooms();
  }

  /** Resolves a room for the caller: 404 when missing or invisible, 403 when the level is too low. */
  async requireRoom(grants: Grants, roomId: string, area: RoomArea, level: Level, ex?: Executor): Promise<ResolvedRoom> {
    const row = isUuid(roomId) ? await this.rooms.findById(roomId, ex) : undefined;
    if (!row) throw new AppError('NOT_FOUND', 'Room not found');
    this.authz.requireOnRoom(grants, area, level, { id: row.id, siteId: row.siteId });
    return { id: row.id, siteId: row.siteId, name: row.name, region: row.region, remoteAccessAllowed: row.remoteAccessAllowed };
  }
}
