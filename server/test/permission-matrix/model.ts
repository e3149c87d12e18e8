// The permission matrix's model: what a case row says, who calls, and what status each
// caller must get. Expected statuses are computed here from a plain model of the caller
// (one role: a level per area and a scope), independently of the server's own code.
//
// Callers (built once by the test):
//   - anonymous; "nobody" (signed in, no role);
//   - for every area A and level L in {view, modify}: a user whose only role gives A:L;
//     for room areas the role's scope names room A (a room in no site) and site A, so
//     room A (by its id) and fresh rooms made in site A (by their site) are in scope,
//     room B and fresh rooms in site B are not;
//   - for every area A: "all-but-A": Modify in every other area on all rooms, None in A.
//
// Adding rows for your routes: write `cases/<area>.cases.ts` exporting a MatrixCase[] and
// add one import line to `cases/index.ts`. The test fails for any non-public route in
// `rw.routes` without a row, and for any row whose declared permission differs.
import { AREAS, ROOM_AREAS, atLeast, isRoomArea, type Area, type Level } from '@roomwarden/protocol';
import type { ApiClient, ApiResponse } from '../support/api-client.ts';
import type { RoutePermission } from '../../src/http/route-permission.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Ref {
  id: string;
}

export interface Fixtures {
  admin: ApiClient;
  siteA: Ref & { name: string };
  siteB: Ref & { name: string };
  /** Room A (named in every room-area caller's scope, in no site) and room B (in site B, out of scope). */
  roomA: Ref;
  roomB: Ref;
  /** A spare user, group and custom role that read/patch rows can target. */
  user: Ref & { email: string };
  group: Ref;
  role: Ref;
  /** Fresh objects for destructive calls (delete, remove member…). */
  freshRoom(inScope: boolean): Promise<Ref>;
  freshUser(): Promise<Ref & { email: string }>;
  freshGroup(memberIds?: string[]): Promise<Ref>;
  freshRole(): Promise<Ref>;
  freshSite(): Promise<Ref>;
  unique(prefix: string): string;
}

export interface CallerModel {
  key: string;
  levels: Partial<Record<Area, Level>>;
  /** 'siteA': the role's scope is room A and site A; 'all': all rooms. */
  scope: 'siteA' | 'all';
}

export interface Call {
  path: string;
  body?: unknown;
}

export interface MatrixCase {
  method: Method;
  /** The route as registered, prefix included: '/api/v1/rooms/:id'. */
  url: string;
  /** What the route must declare (checked against rw.routes). */
  permission: RoutePermission;
  /**
   * The call targets one room: it is made once on a room in the caller's scope and once
   * on a room outside it (which must be a 404, or filtered). `fresh` makes a new room for
   * each call (for destructive routes).
   */
  room?: 'fixed' | 'fresh';
  /** For 'authenticated' room reads: the caller needs some level in some room area on the room. */
  needsVisibleRoom?: boolean;
  /** Builds the concrete request (called for each call, so it may create fresh objects). */
  request(fx: Fixtures, room: Ref | undefined): Call | Promise<Call>;
  /** Call with a new sign-in session of the caller (for calls that end the session). */
  ownSession?: boolean;
  /** Status (or statuses) when the caller is allowed. */
  ok: number | number[];
  /** Anonymous expectation (default 401). */
  anonymous?: number | number[];
  /**
   * A further rule the service applies once the route's level is met; return false to
   * expect 403 (e.g. creating a room needs Rooms: Modify on all rooms or on its site).
   */
  allowed?(caller: CallerModel, room: 'in' | 'out' | undefined): boolean;
  /** Extra assertions on an allowed response (e.g. lists filtered to visible rooms). */
  check?(res: ApiResponse, caller: CallerModel, fx: Fixtures): void;
}

export const LEVEL_CALLERS: CallerModel[] = AREAS.flatMap((area) =>
  (['view', 'modify'] as const).map((level) => ({ key: `${area}:${level}`, levels: { [area]: level }, scope: isRoomArea(area) ? ('siteA' as const) : ('all' as const) })),
);
export const ALL_BUT_CALLERS: CallerModel[] = AREAS.map((area) => ({
  key: `all-but-${area}`,
  levels: Object.fromEntries(AREAS.map((a) => [a, a === area ? 'none' : 'modify'])) as Partial<Record<Area, Level>>,
  scope: 'all',
}));
export const NOBODY: CallerModel = { key: 'nobody', levels: {}, scope: 'all' };
export const ALL_CALLERS: CallerModel[] = [NOBODY, ...LEVEL_CALLERS, ...ALL_BUT_CALLERS];

const levelOf = (c: CallerModel, area: Area): Level => c.levels[area] ?? 'none';
const covers = (c: CallerModel, room: 'in' | 'out'): boolean => c.scope === 'all' || room === 'in';
export const canSee = (c: CallerModel, room: 'in' | 'out'): boolean => covers(c, room) && ROOM_AREAS.some((a) => levelOf(c, a) !== 'none');
export const levelOnRoom = (c: CallerModel, area: Area, room: 'in' | 'out'): Level => (covers(c, room) ? levelOf(c, area) : 'none');

/** Which callers a case is run with: every room-area caller for room things, else the area's own. */
export function callersFor(c: MatrixCase): CallerModel[] {
  const area = typeof c.permission === 'object' ? c.permission.area : undefined;
  const roomish = c.room !== undefined || c.needsVisibleRoom || (area !== undefined && isRoomArea(area));
  if (roomish) return ALL_CALLERS.filter((u) => u === NOBODY || ROOM_AREAS.some((a) => u.key.endsWith(`-${a}`) || u.key.startsWith(`${a}:`)));
  if (area) return ALL_CALLERS.filter((u) => u === NOBODY || u.key.startsWith(`${area}:`) || u.key === `all-but-${area}`);
  return [NOBODY, ...ALL_CALLERS.filter((u) => u.key === 'rooms:view' || u.key === 'all-but-audit')];
}

const asList = (s: number | number[]): number[] => (Array.isArray(s) ? s : [s]);

/** The statuses a caller must get (a list: any of them). */
export function expectedStatuses(c: MatrixCase, caller: CallerModel | 'anonymous', room: 'in' | 'out' | undefined): number[] {
  const p = c.permission;
  if (caller === 'anonymous') return asList(c.anonymous ?? 401);
  if (p === 'scim') return [401];
  if (p === 'agent' || p === 'public') return asList(c.ok);
  if (p !== 'authenticated') {
    // Route level: the caller's level in the area (for a room area: on any room).
    if (!atLeast(levelOf(caller, p.area), p.level)) return [403];
  }
  if (room !== undefined) {
    if (!canSee(caller, room)) return [404];
    if (p !== 'authenticated' && isRoomArea(p.area) && !atLeast(levelOnRoom(caller, p.area, room), p.level)) return [403];
  }
  if (c.allowed && !c.allowed(caller, room)) return [403];
  return asList(c.ok);
}
