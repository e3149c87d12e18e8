// Notifications reaching their far ends (issue 14 C): a camera failing opens an incident
// whose webhook is signed and retried after a refusal (delivered once), whose channels
// filter by severity and scope (sites, room groups), whose email goes through a real SMTP
// conversation (smtp-server), and whose assignment members with email notifications on are
// emailed (users and groups; not without Incidents access, not when disabled). Storm control
// with an injected clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noPermissions } from '@roomwarden/protocol';
import { NotificationOutbox } from '../src/notifications/outbox.ts';
import { verifyWebhook } from '../src/notifications/webhook-signature.ts';
import { NotificationChannelsRepository } from '../src/repositories/notification-channels.repository.ts';
import { NotificationOutboxRepository } from '../src/repositories/notification-outbox.repository.ts';
import { NotificationRecipientsRepository } from '../src/repositories/notification-recipients.repository.ts';
import { listeningApp, twoConnectedRooms, waitFor, type ListeningApp, type TestAgent } from './agents-helpers.ts';
import { addAssignment, makeGroup, makeRole, makeRoom, makeRoomGroup, makeUser, unique } from './support/factories.ts';
import { HttpReceiver, SmtpReceiver } from './support/notification-receivers.ts';

let a: ListeningApp;
let siteA: string;
let roomA: string;
let roomB: string;
let agentA: TestAgent;
let agentB: TestAgent;
const hooks = new HttpReceiver();
const SMTP_USER = { username: 'roomwarden', password: 'smtp-secret-42' };
const smtp = new SmtpReceiver(SMTP_USER);

beforeAll(async () => {
  a = await listeningApp({ notificationPollMs: 200, notificationRetryBaseMs: 100 });
  await hooks.start();
  const port = await smtp.start();
  expect((await a.admin.put('settings/notifications', { smtp: { host: '127.0.0.1', port, security: 'none', ...SMTP_USER, from: 'Roomwarden <roomwarden@contoso.com>' } })).status).toBe(200);
  ({ siteA, roomA, roomB, agentA, agentB } = await twoConnectedRooms(a));
});
afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
  await a?.t.dispose();
  await hooks.close();
  await smtp.close();
});

const deliveries = async (q: string) => (await a.admin.get(`notification-deliveries?${q}`)).body.items as any[];

describe('an incident reaches its channels and its people', () => {
  it('signed webhook, refused once then retried and delivered once; email channel and assignment members by a real SMTP conversation', async () => {
    const channel = (s: Record<string, unknown>) => a.admin.post('notification-channels', { name: unique('ch'), events: ['incident.opened'], ...s }).then((r) => r.body);
    const hook = await channel({ type: 'webhook', url: hooks.url, minSeverity: 'high', scope: { siteIds: [siteA] } });
    const tooSevere = await channel({ type: 'webhook', url: hooks.url, minSeverity: 'critical', scope: { siteIds: [siteA] } });
    const elsewhere = await channel({ type: 'webhook', url: hooks.url, scope: { roomIds: [roomB] } });
    const disabled = await channel({ type: 'webhook', url: hooks.url, enabled: false });
    const mail = await channel({ type: 'email', addresses: ['noc@contoso.com'], scope: { siteIds: [siteA] } });

    // People: one by name, one through a group, one without Incidents access, one disabled, one out of scope.
    const lead = await makeUser(a.admin);
    const viaGroup = await makeUser(a.admin);
    const noIncidents = await makeUser(a.admin);
    const gone = await makeUser(a.admin);
    const elsewhereLead = await makeUser(a.admin);
    const group = await makeGroup(a.admin, { memberIds: [viaGroup.id] });
    const leads = await makeRole(a.admin, { permissions: { ...noPermissions(), incidents: 'view', rooms: 'view' } });
    const roomsOnly = await makeRole(a.admin, { permissions: { ...noPermissions(), rooms: 'modify' } });
    await addAssignment(a.admin, leads.id, { userIds: [lead.id, gone.id], groupIds: [group.id], scope: { siteIds: [siteA] }, emailNotifications: true });
    await addAssignment(a.admin, leads.id, { userIds: [elsewhereLead.id], scope: { roomIds: [roomB] }, emailNotifications: true });
    await addAssignment(a.admin, leads.id, { userIds: [noIncidents.id], scope: { siteIds: [siteA] }, emailNotifications: false });
    await addAssignment(a.admin, roomsOnly.id, { userIds: [noIncidents.id], scope: { allRooms: true }, emailNotifications: true });
    expect((await a.admin.patch(`users/${gone.id}`, { disabled: true })).status).toBe(200);

    hooks.plan.push(500);
    agentA.report([{ name: 'camera', state: 'failed', detail: 'USB camera not found' }]);

    const sent = await waitFor(async () => (await deliveries(`channelId=${hook.id}&state=sent`))[0], 10_000, 'the webhook delivered after its retry');
    expect(sent.attempts.map((x: any) => [x.outcome, x.statusCode])).toEqual([
      ['failed', 500],
      ['sent', 200],
    ]);
    expect(sent.attempts[0].answer).toBe('refused with 500');
    const received = hooks.requests.filter((r) => r.headers['webhook-id'] === sent.id);
    expect(received).toHaveLength(2); // the refused one and the delivered one, nothing after
    for (const r of received) {
      expect(verifyWebhook(hook.secret, { id: String(r.headers['webhook-id']), timestamp: String(r.headers['webhook-timestamp']), signature: String(r.headers['webhook-signature']) }, r.body)).toBe(true);
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    }
    const body = JSON.parse(received[1]!.body);
    expect(body).toMatchObject({ type: 'incident.opened', timestamp: expect.any(String), data: { type: 'incident.opened', room: { id: roomA, siteId: siteA }, incident: { severity: 'high', signal: 'camera', detail: 'USB camera not found' } } });

    const mails = await waitFor(() => (smtp.messages.length >= 3 ? smtp.messages : undefined), 10_000, 'three emails');
    const to = mails.map((m) => m.to.join(',')).sort();
    expect(to).toEqual(['noc@contoso.com', lead.email, viaGroup.email].sort());
    for (const m of mails) {
      expect(m.user).toBe(SMTP_USER.username);
      expect(m.from).toBe('roomwarden@contoso.com');
      expect(m.subject).toMatch(/^\[Roomwarden\] \[high\] .*Camera/i);
      expect(m.text).toContain('Severity: high');
      expect(m.text).toContain('Detail: USB camera not found');
    }
    const mailDelivery = await waitFor(async () => (await deliveries(`channelId=${mail.id}&state=sent`))[0], 5_000, 'email channel delivery');
    expect(mailDelivery.attempts[0]).toMatchObject({ outcome: 'sent', statusCode: 250 });
    expect(mailDelivery.recipient).toBe('noc@contoso.com');

    // The channels that do not take this incident got nothing.
    for (const c of [tooSevere, elsewhere, disabled]) expect(await deliveries(`channelId=${c.id}`)).toEqual([]);
    const memberItems = (await deliveries('event=incident.opened&limit=200')).filter((d) => d.channelId === null);
    expect(memberItems.map((d) => d.recipient).sort()).toEqual([lead.email, viaGroup.email].sort());
  });

  it('a channel scoped to a room group takes the incidents of its rooms only', async () => {
    const groupId = (await makeRoomGroup(a.admin, { roomIds: [roomB] })).id;
    const hook = (await a.admin.post('notification-channels', { type: 'webhook', name: unique('grp'), events: ['incident.opened', 'incident.resolved'], url: hooks.url, scope: { roomGroupIds: [groupId] } })).body;
    agentB.report([{ name: 'display', state: 'failed', detail: 'no HDMI signal' }]);
    const d = await waitFor(async () => (await deliveries(`channelId=${hook.id}&state=sent`))[0], 10_000, 'room group delivery');
    expect(d).toMatchObject({ event: 'incident.opened', roomId: roomB });
    agentB.report([{ name: 'display', state: 'ok' }]);
    await waitFor(async () => (await deliveries(`channelId=${hook.id}&event=incident.resolved&state=sent`))[0], 10_000, 'resolved delivery');
    expect((await deliveries(`channelId=${hook.id}`)).every((x) => x.roomId === roomB)).toBe(true);
  });
  it('an issue recorded by hand and resolved by hand notifies like one the health engine opened', async () => {
    const hook = (await a.admin.post('notification-channels', { type: 'webhook', name: unique('manual'), events: ['incident.opened', 'incident.resolved'], url: hooks.url, scope: { roomIds: [roomA] } })).body;
    const recorded = await a.admin.post(`rooms/${roomA}/incidents`, { title: 'Projector lamp flickers', severity: 'medium', description: 'reported at the front desk' });
    expect(recorded.status).toBe(201);
    const opened = await waitFor(async () => (await deliveries(`channelId=${hook.id}&event=incident.opened&state=sent`))[0], 10_000, 'the recorded issue delivered');
    const body = JSON.parse(hooks.requests.find((r) => r.headers['webhook-id'] === opened.id)!.body);
    // The room is named by the outbox from the database, not by the caller.
    expect(body.data).toMatchObject({ room: { id: roomA, siteId: siteA, name: expect.stringMatching(/\S/) }, incident: { id: recorded.body.id, title: 'Projector lamp flickers', severity: 'medium' } });
    expect((await a.admin.post(`incidents/${recorded.body.id}/resolve`, { note: 'lamp replaced' })).status).toBe(200);
    const resolved = await waitFor(async () => (await deliveries(`channelId=${hook.id}&event=incident.resolved&state=sent`))[0], 10_000, 'the resolution delivered');
    expect(resolved).toMatchObject({ roomId: roomA });
    expect(await deliveries(`channelId=${hook.id}`)).toHaveLength(2);
  });
});

describe('the email server', () => {
  // The waits are long because this suite shares two cores with the others in CI; each ends as soon as its mail or attempt is there.
  it('"Send a test email" goes through a real SMTP conversation; a refused sign-in is recorded with its SMTP answer and retried once fixed', async () => {
    expect((await a.admin.post('settings/notifications/test-email', { to: 'not an address' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' });

    const before = smtp.messages.length;
    const test = await a.admin.post('settings/notifications/test-email', { to: 'it-admin@contoso.com' });
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ channelId: null, channelType: 'email', recipient: 'it-admin@contoso.com', event: 'notification.test' });
    const mail = await waitFor(() => smtp.messages.slice(before).find((m) => m.to.includes('it-admin@contoso.com')), 20_000, 'the test email');
    expect(mail.subject).toBe('[Roomwarden] Test notification for the email server');
    expect(mail.text).toContain('Test notification for the email server');

    // A wrong password: the server's refusal is the attempt's answer; the item waits for its retry.
    expect((await a.admin.put('settings/notifications', { smtp: { password: 'wrong-password' } })).status).toBe(200);
    const refused = (await a.admin.post('settings/notifications/test-email', { to: 'refused@contoso.com' })).body;
    const failed = await waitFor(async () => (await deliveries('state=pending&event=notification.test')).find((d) => d.id === refused.id && d.attempts.length > 0), 20_000, 'a refused attempt');
    expect(failed.attempts[0]).toMatchObject({ outcome: 'failed', statusCode: 535, error: expect.stringMatching(/Invalid username or password/) });
    expect((await a.admin.put('settings/notifications', { smtp: { password: SMTP_USER.password } })).status).toBe(200);
    await waitFor(() => smtp.messages.find((m) => m.to.includes('refused@contoso.com')), 20_000, 'the retried email');
    const done = (await deliveries('event=notification.test&state=sent')).find((d) => d.id === refused.id);
    expect(done.attempts.at(-1)).toMatchObject({ outcome: 'sent', statusCode: 250 });
  });
});

describe('storm control (injected clock)', () => {
  it('three per room and channel in 15 minutes; the rest folded into one digest sent when the window ends', async () => {
    const db = a.t.database.db;
    const room = await makeRoom(a.admin, { name: unique('flappy') });
    const quiet = await makeRoom(a.admin, { name: unique('quiet') });
    const hook = (await a.admin.post('notification-channels', { type: 'webhook', name: unique('storm'), events: ['room.offline'], url: hooks.url })).body;
    // A day ahead: nothing made here is due while the test looks at it.
    const t0 = Date.now() + 24 * 60 * 60_000;
    let now = t0;
    const outboxRepo = new NotificationOutboxRepository(db);
    const outbox = new NotificationOutbox({ channels: new NotificationChannelsRepository(db), outbox: outboxRepo, recipients: new NotificationRecipientsRepository(db), now: () => new Date(now) });
    const offline = (id: string) => ({ type: 'room.offline' as const, room: { id, name: 'x', siteId: null }, at: new Date(now).toISOString() });
    const rows = async (roomId: string) => db.selectFrom('notification_outbox').selectAll().where('channel_id', '=', hook.id).where('room_id', '=', roomId).orderBy('created_at').execute();

    for (let minute = 0; minute < 6; minute++) {
      now = t0 + minute * 60_000;
      await a.t.database.db.transaction().execute((ex) => outbox.enqueue(ex, offline(room.id)));
    }
    await db.transaction().execute((ex) => outbox.enqueue(ex, offline(quiet.id)));
    let got = await rows(room.id);
    expect(got.map((r) => r.event)).toEqual(['room.offline', 'room.offline', 'room.offline', 'notification.digest']);
    const digest = got[3]!;
    expect(digest.next_attempt_at.getTime()).toBe(t0 + 15 * 60_000);
    expect(digest.body.data).toMatchObject({ type: 'notification.digest', count: 3, types: ['room.offline'], room: { id: room.id, name: room.name } });
    expect((await rows(quiet.id)).map((r) => r.event)).toEqual(['room.offline']);

    // After the window: the oldest counted ones have left it, a new change goes out on its own.
    now = t0 + 16 * 60_000;
    await db.transaction().execute((ex) => outbox.enqueue(ex, offline(room.id)));
    got = await rows(room.id);
    expect(got.map((r) => r.event)).toEqual(['room.offline', 'room.offline', 'room.offline', 'notification.digest', 'room.offline']);
    await db.deleteFrom('notification_outbox').where('channel_id', '=', hook.id).execute();
  });
});
