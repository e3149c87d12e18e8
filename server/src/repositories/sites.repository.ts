// Sites: named places that hold rooms and that role scopes can name.
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { Database, SitesTable } from '../db/schema.ts';
import { toPage, type Page } from './cursor.ts';
import { containsPattern, decodeUuidCursor, mapUnique, afterNameCursor } from './directory-support.ts';
import { camel, type Camel } from './records.ts';
import { roomScopeWhere, type RoomScope } from './room-scope.ts';

export type SiteRecord = Camel<Selectable<SitesTable>>;
export type SiteWithCount = SiteRecord & { roomCount: number };

/** A site is in a scope when the scope names it or holds one of its rooms. */
function siteInScope(eb: ExpressionBuilder<Database, 'sites'>, scope: RoomScope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  const parts: Expression<SqlBool>[] = [];
  if (scope.siteIds.length) parts.push(eb('sites.id', 'in', scope.siteIds));
  parts.push(
    eb.exists(
      eb
        .selectFrom('rooms')
        .select('rooms.id')
        .whereRef('rooms.site_id', '=', 'sites.id')
        .where((r) => roomScopeWhere(r, scope)),
    ),
  );
  return eb.or(parts);
}

export class SitesRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string, ex: Executor = this.db): Promise<SiteRecord | undefined> {
    const row = await ex.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
    return row && camel(row);
  }

  async findByName(name: string, ex: Executor = this.db): Promise<SiteRecord | undefined> {
    const row = await ex.selectFrom('sites').selectAll().where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
    return row && camel(row);
  }

  /** The site when it is in `scope`, with the count of its rooms in `scope`. */
  async findVisible(id: string, scope: RoomScope, ex: Executor = this.db): Promise<SiteWithCount | undefined> {
    const row = await ex
      .selectFrom('sites')
      .selectAll('sites')
      .where('sites.id', '=', id)
      .where((eb) => siteInScope(eb, scope))
      .executeTakeFirst();
    return row && { ...camel(row), roomCount: await this.roomCount(id, ex, scope) };
  }

  /** The site's rooms that are not retired (those in `scope` only, when one is given). */
  async roomCount(id: string, ex: Executor = this.db, scope: RoomScope = { all: true }): Promise<number> {
    const r = await ex
      .selectFrom('rooms')
      .select(sql<string>`count(*)`.as('n'))
      .where('site_id', '=', id)
      .where('retired_at', 'is', null)
      .where((eb) => roomScopeWhere(eb, scope))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The sites in `scope`, each with the count of its rooms in `scope`. */
  async list(opts: { q?: string | undefined; limit: number; cursor?: string | undefined; scope: RoomScope }, ex: Executor = this.db): Promise<Page<SiteWithCount>> {
    const cursor = decodeUuidCursor(opts.cursor);
    let q = ex
      .selectFrom('sites')
      .selectAll('sites')
      .select((eb) =>
        eb
          .selectFrom('rooms')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('rooms.site_id', '=', 'sites.id')
          .where('rooms.retired_at', 'is', null)
          .where((r) => roomScopeWhere(r, opts.scope))
          .as('room_count'),
      )
      .where((eb) => siteInScope(eb, opts.scope));
    if (opts.q) q = q.where(sql`lower(name)`, 'like', containsPattern(opts.q));
    if (cursor) q = q.where(afterNameCursor(cursor));
    const rows = await q.orderBy(sql`lower(name)`).orderBy('id').limit(opts.limit + 1).execute();
    return toPage(
      rows.map((r) => ({ ...camel(r), roomCount: Number(r.room_count ?? 0) })),
      opts.limit,
      (r) => ({ k: r.name.toLowerCase(), id: r.id }),
    );
  }

  async insert(site: { id: string; name: string }, ex: Executor = this.db): Promise<SiteRecord> {
    return camel(await mapUnique(ex.insertInto('sites').values(site).returningAll().executeTakeFirstOrThrow(), 'name', 'A site with this name'));
  }

  async rename(id: string, name: string, ex: Executor = this.db): Promise<SiteRecord | undefined> {
    const row = await mapUnique(ex.updateTable('sites').set({ name }).where('id', '=', id).returningAll().executeTakeFirst(), 'name', 'A site with this name');
    return row && camel(row);
  }

  /** Removes a site and the role scope entries that name it (the service refuses while rooms use it). */
  async deleteWithScope(id: string, ex: Executor = this.db): Promise<boolean> {
    await ex.deleteFrom('assignment_scope').where('kind', '=', 'site').where('target_id', '=', id).execute();
    const r = await ex.deleteFrom('sites').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async existingIds(ids: readonly string[], ex: Executor = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await ex.selectFrom('sites').select('id').where('id', 'in', [...ids]).execute();
    return new Set(rows.map((r) => r.id));
  }
}
