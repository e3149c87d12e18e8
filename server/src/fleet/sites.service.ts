// Sites. Reading needs Rooms: View on some room and shows the caller's scope only; creating, renaming and deleting need
// Rooms: Modify on all rooms (a site is a unit of role scope). A site that still holds
// rooms cannot be deleted (409 CONFLICT): move or delete its rooms first, so that no
// room silently leaves the scope of the roles that name the site.
import type { SiteView } from '@roomwarden/protocol';
import type { Page } from '../repositories/cursor.ts';
import type { SitesRepository } from '../repositories/sites.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { AppError, notFound } from '../errors.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Caller } from '../access/caller.ts';
import type { ListQuery } from '../directory/users.service.ts';
import { siteView } from '../directory/views.ts';
import { mayManageSites, siteScope } from '../access/policies/sites.policy.ts';

function requireAllRoomsModify(caller: Caller): void {
  if (!mayManageSites(caller.grants)) throw new AppError('FORBIDDEN', 'Managing sites needs Rooms: Modify on all rooms');
}

export class SitesService {
  constructor(
    private readonly sites: SitesRepository,
    private readonly tx: Transactor,
    private readonly audit: AuditService,
  ) {}

  /** The sites of the rooms the caller can see, with counts of those rooms only. */
  async list(caller: Caller, query: ListQuery): Promise<Page<SiteView>> {
    const page = await this.sites.list({ ...query, scope: siteScope(caller.grants) });
    return { items: page.items.map((s) => siteView(s, s.roomCount)), nextCursor: page.nextCursor };
  }

  /** A site outside the caller's scope does not exist for them. */
  async get(caller: Caller, id: string): Promise<SiteView> {
    const site = await this.sites.findVisible(id, siteScope(caller.grants));
    if (!site) throw notFound('Site');
    return siteView(site, site.roomCount);
  }

  async create(caller: Caller, input: { name: string }): Promise<SiteView> {
    requireAllRoomsModify(caller);
    return this.tx.run(async (ex) => {
      if (await this.sites.findByName(input.name, ex)) throw new AppError('ALREADY_EXISTS', 'A site with this name already exists', 'name');
      const row = await this.sites.insert({ id: crypto.randomUUID(), name: input.name }, ex);
      const after = siteView(row, 0);
      await this.audit.record(caller, { action: 'site.create', targetType: 'site', targetId: row.id, details: { before: null, after } }, ex);
      return after;
    });
  }

  async update(caller: Caller, id: string, patch: { name?: string | undefined }): Promise<SiteView> {
    requireAllRoomsModify(caller);
    return this.tx.run(async (ex) => {
      const before = await this.sites.findById(id, ex);
      if (!before) throw notFound('Site');
      let row = before;
      if (patch.name !== undefined && patch.name !== before.name) {
        const other = await this.sites.findByName(patch.name, ex);
        if (other && other.id !== id) throw new AppError('ALREADY_EXISTS', 'A site with this name already exists', 'name');
        row = (await this.sites.rename(id, patch.name, ex)) ?? before;
      }
      const count = await this.sites.roomCount(id, ex);
      const after = siteView(row, count);
      await this.audit.record(caller, { action: 'site.update', targetType: 'site', targetId: id, details: { before: siteView(before, count), after } }, ex);
      return after;
    });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    requireAllRoomsModify(caller);
    await this.tx.run(async (ex) => {
      const before = await this.sites.findById(id, ex);
      if (!before) throw notFound('Site');
      const rooms = await this.sites.roomCount(id, ex);
      if (rooms > 0) throw new AppError('CONFLICT', `This site still holds ${rooms} room(s); move or delete them first`);
      await this.sites.deleteWithScope(id, ex);
      await this.audit.record(caller, { action: 'site.delete', targetType: 'site', targetId: id, details: { before: siteView(before, 0), after: null } }, ex);
    });
  }
}
