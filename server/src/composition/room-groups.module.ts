// Room groups (issue 14): named sets of rooms, managed under /room-groups, named by role
// assignments' scopes (the identity module checks those ids with this repository).
import { RoomGroupsService } from '../fleet/room-groups.service.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { RoomGroupsRepository } from '../repositories/room-groups.repository.ts';
import type { RoomsRepository } from '../repositories/rooms.repository.ts';
import { roomGroupsRoutes } from '../routes/room-groups.routes.ts';
import type { Infrastructure } from './infrastructure.ts';
import type { FeatureModule } from './module.ts';

export function roomGroupsModule(infra: Infrastructure, needs: { audit: AuditService; rooms: RoomsRepository }) {
  const { db, tx, bus } = infra;
  const roomGroupsRepo = new RoomGroupsRepository(db);
  const service = new RoomGroupsService({ groups: roomGroupsRepo, rooms: needs.rooms, tx, audit: needs.audit, bus });
  const module: FeatureModule = { routes: [roomGroupsRoutes(service)] };
  return { module, roomGroupsRepo };
}
