// The grants of many users at once (used by the remote-session re-check) are exactly the
// grants each user gets alone: direct roles, roles through groups, scopes, and no role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { makeGroup, makeRole, makeRoom, makeSite, makeUser } from './support/factories.ts';

let t: TestApp;
let admin: ApiClient;
let adminId: string;
beforeAll(async () => {
  ({ t, admin, adminId } = await appWithAdmin());
});
afterAll(async () => t?.dispose());

const asUser = (userId: string) => ({ kind: 'user' as const, userId, email: '', displayName: '', via: 'bearer' as const });

describe('grantsForEach', () => {
  it('gives every user the grants they get alone', async () => {
    const site = await makeSite(admin);
    const [inSite, alone] = [await makeRoom(admin, { siteId: site.id }), await makeRoom(admin)];
    const [direct, viaGroup, both, none] = [await makeUser(admin), await makeUser(admin), await makeUser(admin), await makeUser(admin)];
    const group = await makeGroup(admin, { memberIds: [viaGroup.id, both.id] });
    await makeRole(admin, { userIds: [direct.id, both.id], permissions: { remoteAccess: 'modify' }, roomIds: [alone.id] });
    await makeRole(admin, { groupIds: [group.id], permissions: { rooms: 'view', remoteAccess: 'view' }, siteIds: [site.id] });
    await makeRole(admin, { groupIds: [group.id], userIds: [both.id], permissions: { incidents: 'modify' }, allRooms: true });

    const ids = [direct.id, viaGroup.id, both.id, none.id, adminId];
    const each = await t.services.authz.grantsForEach([...ids, direct.id]);
    expect([...each.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const single = await t.services.authz.grantsFor(asUser(id));
      const batch = each.get(id)!;
      expect(batch.roles().map((r) => r.id).sort(), id).toEqual(single.roles().map((r) => r.id).sort());
      for (const room of [inSite, alone].map((r) => ({ ...r, roomGroupIds: [] }))) {
        for (const area of ['rooms', 'remoteAccess', 'incidents'] as const) {
          expect(batch.onRoom(area, room), `${id} ${area} ${room.name}`).toBe(single.onRoom(area, room));
        }
      }
    }
    expect(each.get(both.id)!.roles()).toHaveLength(3); // one role held both directly and through the group counts once
    expect(each.get(none.id)!.roles()).toEqual([]);
    const ref = (r: { id: string; siteId: string | null }) => ({ ...r, roomGroupIds: [] });
    expect(each.get(direct.id)!.onRoom('remoteAccess', ref(alone))).toBe('modify');
    expect(each.get(viaGroup.id)!.onRoom('remoteAccess', ref(inSite))).toBe('view');
    expect(each.get(viaGroup.id)!.onRoom('remoteAccess', ref(alone))).toBe('none');
  });
});
