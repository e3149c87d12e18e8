// Notifications through the API (issue 14 C): SMTP settings (password write-only, sealed,
// audited without it), channels (shapes, validation, the webhook secret once, rotation,
// pagination, audit), deliveries (filters), and the remote access switch as an event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMINGS } from '../src/config.ts';
import type { ApiClient } from './support/api-client.ts';
import { appWithAdmin, type TestApp } from './support/test-app.ts';
import { makeRoom, makeSite, unique } from './support/factories.ts';
import { HttpReceiver } from './support/notification-receivers.ts';
import { waitFor } from './agents-helpers.ts';

let t: TestApp;
let admin: ApiClient;
const receiver = new HttpReceiver();

beforeAll(async () => {
  ({ t, admin } = await appWithAdmin({ timings: { ...DEFAULT_TIMINGS, notificationPollMs: 200, notificationRetryBaseMs: 50 } }));
  await receiver.start();
});
afterAll(async () => {
  await t?.dispose();
  await receiver.close();
});

const SCOPE_ALL = { allRooms: true, siteIds: [], roomGroupIds: [], roomIds: [] };

async function auditActions(action: string): Promise<any[]> {
  return (await admin.get(`audit?action=${action}&limit=50`)).body.items;
}

describe('SMTP settings', () => {
  it('answers defaults without a password, keeps the password write-only and sealed, audits without it', async () => {
    const first = await admin.get('settings/notifications');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ smtp: { host: '', port: 587, security: 'starttls', username: '', from: '', passwordSet: false }, updatedAt: null });

    const put = await admin.put('settings/notifications', { smtp: { host: 'smtp.contoso.com', port: 465, security: 'tls', username: 'rw', password: 'hunter2-smtp', from: 'Roomwarden <rw@contoso.com>' } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.smtp).toEqual({ host: 'smtp.contoso.com', port: 465, security: 'tls', username: 'rw', from: 'Roomwarden <rw@contoso.com>', passwordSet: true });
    expect(JSON.stringify(put.body)).not.toContain('hunter2');

    const stored = await t.database.db.selectFrom('settings').select('value').where('key', '=', 'notifications').executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.value)).not.toContain('hunter2');
    expect((stored.value as any).smtp.password).toMatch(/^rwenc:v1:/);

    // What GET answered goes back as it is; the password stays.
    const read = await admin.get('settings/notifications');
    const back = await admin.put('settings/notifications', read.body);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.smtp.passwordSet).toBe(true);

    const entries = await auditActions('settings.notifications.update');
    expect(entries.length).toBe(1);
    expect(JSON.stringify(entries)).not.toContain('hunter2');
    expect(entries[0].details.after).toMatchObject({ host: 'smtp.contoso.com', passwordSet: true });

    const cleared = await admin.put('settings/notifications', { smtp: { password: '' } });
    expect(cleared.body.smtp.passwordSet).toBe(false);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const bad = [
      [{ smtp: { from: 'not an address' } }, 'smtp.from'],
      [{ smtp: { port: 0 } }, 'smtp.port'],
      [{ smtp: { security: 'ssl' } }, 'smtp.security'],
      [{ smtp: { host: 'bad host!' } }, 'smtp.host'],
      [{ smtp: { pasword: 'typo' } }, 'smtp'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await admin.put('settings/notifications', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.field ?? '', JSON.stringify(res.body)).toContain(field);
    }
  });
});

describe('channels', () => {
  it('creates each type with its shape; a webhook answers its secret once', async () => {
    const email = await admin.post('notification-channels', { type: 'email', name: unique('ops mail'), events: ['incident.opened'], addresses: ['ops@contoso.com', 'ops@contoso.com', 'noc@contoso.com'] });
    expect(email.status, JSON.stringify(email.body)).toBe(201);
    expect(email.body).toEqual({
      id: expect.any(String),
      type: 'email',
      name: expect.any(String),
      enabled: true,
      events: ['incident.opened'],
      minSeverity: 'low',
      scope: SCOPE_ALL,
      addresses: ['ops@contoso.com', 'noc@contoso.com'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const hook = await admin.post('notification-channels', { type: 'webhook', name: unique('noc hook'), events: ['incident.opened', 'incident.resolved'], minSeverity: 'high', url: receiver.url });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(hook.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(hook.body).toMatchObject({ type: 'webhook', url: receiver.url, secretSet: true, minSeverity: 'high' });
    expect(hook.body.addresses).toBeUndefined();
    const read = await admin.get(`notification-channels/${hook.body.id}`);
    expect(read.body.secret).toBeUndefined();
    expect(read.body.secretSet).toBe(true);
    const row = await t.database.db.selectFrom('notification_channels').select('secret').where('id', '=', hook.body.id).executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^rwenc:v1:/);
    expect(row.secret).not.toContain(hook.body.secret.slice(6));

    for (const type of ['teams', 'slack'] as const) {
      const c = await admin.post('notification-channels', { type, name: unique(type), events: ['room.offline'], url: 'https://example.invalid/hook', scope: { siteIds: [crypto.randomUUID()] } });
      expect(c.status).toBe(201);
      expect(c.body).toMatchObject({ type, url: 'https://example.invalid/hook', scope: { allRooms: false, roomGroupIds: [], roomIds: [] } });
      expect(c.body.secret).toBeUndefined();
      expect(c.body.secretSet).toBeUndefined();
    }
    expect((await auditActions('notification_channel.create')).length).toBe(4);
    expect(JSON.stringify(await auditActions('notification_channel.create'))).not.toContain(hook.body.secret.slice(6));
  });

  it('refuses bad channels with a 400 naming the field, and a duplicate name with a 409', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'webhook', name: unique('w'), events: [], url: 'ftp://example.com/x' }, 'url'],
      [{ type: 'webhook', name: unique('w'), events: [], url: 'not a url' }, 'url'],
      [{ type: 'webhook', name: unique('w'), events: [] }, 'url'],
      [{ type: 'slack', name: unique('s'), events: [], url: 'https://x.invalid', addresses: ['a@b.c'] }, 'addresses'],
      [{ type: 'email', name: unique('e'), events: [], addresses: [] }, 'addresses'],
      [{ type: 'email', name: unique('e'), events: [], addresses: ['nope'] }, 'addresses'],
      [{ type: 'email', name: unique('e'), events: [], addresses: ['a@b.c'], url: 'https://x.invalid' }, 'url'],
      [{ type: 'pager', name: unique('p'), events: [] }, 'type'],
      [{ type: 'email', name: unique('e'), events: ['incident.exploded'], addresses: ['a@b.c'] }, 'events'],
      [{ type: 'email', name: unique('e'), events: [], addresses: ['a@b.c'], minSeverity: 'urgent' }, 'minSeverity'],
      [{ type: 'email', name: unique('e'), events: [], addresses: ['a@b.c'], scope: { siteIds: ['x'] } }, 'scope'],
      [{ type: 'email', name: '', events: [], addresses: ['a@b.c'] }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('notification-channels', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field ?? '', JSON.stringify(res.body)).toContain(field);
    }
    const name = unique('twice');
    expect((await admin.post('notification-channels', { type: 'email', name, events: [], addresses: ['a@b.c'] })).status).toBe(201);
    const again = await admin.post('notification-channels', { type: 'email', name: name.toUpperCase(), events: [], addresses: ['a@b.c'] });
    expect([again.status, again.body.error.code, again.body.error.field]).toEqual([409, 'ALREADY_EXISTS', 'name']);
  });

  it('changes with PATCH and PUT (what GET answered goes back), deletes, and 404s what is gone', async () => {
    const c = (await admin.post('notification-channels', { type: 'slack', name: unique('chat'), events: ['session.started'], url: 'https://hooks.slack.invalid/T/B/x' })).body;
    const off = await admin.patch(`notification-channels/${c.id}`, { enabled: false, events: ['session.started', 'session.ended'], minSeverity: 'critical' });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ enabled: false, events: ['session.started', 'session.ended'], minSeverity: 'critical' });
    const read = await admin.get(`notification-channels/${c.id}`);
    const put = await admin.put(`notification-channels/${c.id}`, { ...read.body, name: `${c.name} renamed` });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.name).toBe(`${c.name} renamed`);
    expect((await admin.patch(`notification-channels/${c.id}`, { url: 'gopher://x' })).body.error.field).toBe('url');
    expect((await admin.patch(`notification-channels/${c.id}`, { addresses: ['a@b.c'] })).body.error.field).toBe('addresses');
    expect((await admin.patch(`notification-channels/${c.id}`, { secret: 'x' })).status).toBe(400);
    const updates = await auditActions('notification_channel.update');
    expect(updates.some((e) => e.targetId === c.id && e.details.before.enabled === true && e.details.after.enabled === false)).toBe(true);

    expect((await admin.delete(`notification-channels/${c.id}`)).status).toBe(204);
    expect((await admin.get(`notification-channels/${c.id}`)).status).toBe(404);
    expect((await admin.delete(`notification-channels/${c.id}`)).status).toBe(404);
    expect((await admin.patch(`notification-channels/${c.id}`, { enabled: true })).status).toBe(404);
    expect((await admin.get('notification-channels/not-a-uuid')).status).toBe(400);
    expect((await auditActions('notification_channel.delete')).some((e) => e.targetId === c.id)).toBe(true);
  });

  it('rotates a webhook secret (answered once; only webhooks have one)', async () => {
    const hook = (await admin.post('notification-channels', { type: 'webhook', name: unique('rot'), events: [], url: receiver.url })).body;
    const rotated = await admin.post(`notification-channels/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect((await auditActions('notification_channel.rotate_secret')).some((e) => e.targetId === hook.id)).toBe(true);
    const slack = (await admin.post('notification-channels', { type: 'slack', name: unique('nosecret'), events: [], url: 'https://x.invalid' })).body;
    expect((await admin.post(`notification-channels/${slack.id}/rotate-secret`)).status).toBe(409);
  });

  it('lists by name, paginated', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.get(`notification-channels?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: { name: string }) => c.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = (await admin.get('notification-channels?limit=200')).body.items.map((c: { name: string }) => c.name);
    expect(seen).toEqual(all);
    expect([...all].sort((a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))).toEqual(all);
    expect((await admin.get('notification-channels?limit=0')).status).toBe(400);
  });
});

describe('deliveries', () => {
  it('the Test button sends through the channel; deliveries filter by channel, state and event', async () => {
    const hook = (await admin.post('notification-channels', { type: 'webhook', name: unique('tested'), events: [], url: receiver.url })).body;
    const test = await admin.post(`notification-channels/${hook.id}/test`);
    expect(test.status).toBe(202);
    // Answered right after its commit: the dispatcher, nudged, may already be sending it.
    expect(test.body).toMatchObject({ channelId: hook.id, channelName: hook.name, channelType: 'webhook', event: 'notification.test' });
    expect(['pending', 'sending', 'sent']).toContain(test.body.state);
    const sent = await waitFor(async () => {
      const d = (await admin.get(`notification-deliveries?channelId=${hook.id}`)).body.items[0];
      return d?.state === 'sent' ? d : undefined;
    }, 8_000, 'the test delivered');
    expect(sent).toMatchObject({ id: test.body.id, summary: `Test notification for ${hook.name}`, attemptCount: 1, nextAttemptAt: null, sentAt: expect.any(String) });
    expect(sent.attempts).toEqual([{ at: expect.any(String), outcome: 'sent', statusCode: 200, answer: 'ok thanks', error: null, durationMs: expect.any(Number) }]);
    expect(receiver.requests.some((r) => r.headers['webhook-id'] === test.body.id)).toBe(true);
    expect((await auditActions('notification_channel.test')).some((e) => e.targetId === hook.id)).toBe(true);

    expect((await admin.get(`notification-deliveries?state=sent&event=notification.test`)).body.items.map((d: { id: string }) => d.id)).toContain(test.body.id);
    expect((await admin.get(`notification-deliveries?state=dead&channelId=${hook.id}`)).body.items).toEqual([]);
    for (const q of ['state=lost', 'event=room.exploded', 'channelId=x', 'limit=500']) {
      const res = await admin.get(`notification-deliveries?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin.post(`notification-channels/${crypto.randomUUID()}/test`)).status).toBe(404);
  });

  it('turning remote access on is an event for the channels that take it', async () => {
    const hook = (await admin.post('notification-channels', { type: 'webhook', name: unique('switch'), events: ['remote_access.changed'], url: receiver.url })).body;
    const other = (await admin.post('notification-channels', { type: 'webhook', name: unique('not-switch'), events: ['room.offline'], url: receiver.url })).body;
    expect((await admin.put('settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'it@contoso.com' })).status).toBe(200);
    const d = await waitFor(async () => (await admin.get(`notification-deliveries?channelId=${hook.id}&state=sent`)).body.items[0], 8_000, 'remote access delivery');
    expect(d).toMatchObject({ event: 'remote_access.changed', summary: expect.stringContaining('turned remote access on') });
    const got = receiver.requests.find((r) => r.headers['webhook-id'] === d.id)!;
    expect(JSON.parse(got.body)).toMatchObject({ type: 'remote_access.changed', timestamp: expect.any(String), data: { type: 'remote_access.changed', enabled: true, room: null } });
    expect((await admin.get(`notification-deliveries?channelId=${other.id}`)).body.items).toEqual([]);
  });

  it("refusing remote access on one room is an event for the channels whose scope holds the room", async () => {
    const site = await makeSite(admin);
    const room = await makeRoom(admin, { name: unique('board room'), siteId: site.id });
    const mine = (await admin.post('notification-channels', { type: 'webhook', name: unique('room-switch'), events: ['remote_access.changed'], url: receiver.url, scope: { siteIds: [site.id] } })).body;
    const others = (await admin.post('notification-channels', { type: 'webhook', name: unique('other-site'), events: ['remote_access.changed'], url: receiver.url, scope: { siteIds: [crypto.randomUUID()] } })).body;
    expect((await admin.patch(`rooms/${room.id}`, { remoteAccessAllowed: false })).status).toBe(200);
    const d = await waitFor(async () => (await admin.get(`notification-deliveries?channelId=${mine.id}&state=sent`)).body.items[0], 8_000, 'room remote access delivery');
    expect(d).toMatchObject({ event: 'remote_access.changed', roomId: room.id, summary: expect.stringContaining(`turned remote access off for ${room.name}`) });
    expect((await admin.get(`notification-deliveries?channelId=${others.id}`)).body.items).toEqual([]);
    // A change that leaves remote access as it was is no event.
    expect((await admin.patch(`rooms/${room.id}`, { name: `${room.name} 2` })).status).toBe(200);
    expect((await admin.get(`notification-deliveries?channelId=${mine.id}`)).body.items).toHaveLength(1);
  });
});
