// GET /me tells every signed-in user whether the organisation allows remote access and
// whom to ask, so the portal can say why "Start session" is disabled without reading
// Settings > General (which needs Settings: View).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-client.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { makeRoom, userWithRole } from './support/factories.ts';

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  ({ t, admin } = await appWithAdmin());
});
afterAll(async () => t?.dispose());

describe('GET /me', () => {
  it("tells a user who cannot read Settings > General the organisation's remote access state and contact", async () => {
    const room = await makeRoom(admin);
    const { client } = await userWithRole(t.app, admin, { permissions: { remoteAccess: 'view' }, roomIds: [room.id] });
    expect((await client.get('settings/general')).status).toBe(403);

    expect((await client.get('me')).body.remoteAccess).toEqual({ enabled: false, contactEmail: null });

    const on = await admin.put('settings/general', { ...(await admin.get('settings/general')).body, remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-team@example.com' });
    expect(on.status).toBe(200);
    expect((await client.get('me')).body.remoteAccess).toEqual({ enabled: true, contactEmail: 'rooms-team@example.com' });

    await admin.put('settings/general', { ...on.body, remoteAccessEnabled: false });
    expect((await client.get('me')).body.remoteAccess).toEqual({ enabled: false, contactEmail: 'rooms-team@example.com' });
  });
});
