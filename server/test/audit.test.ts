// The audit log as the portal's Audit log page reads it: the export takes the same filters
// as the list, and listed entries carry their targets' current names.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTargetsRepository } from '../src/repositories/audit-targets.repository.ts';
import { signedIn, type ApiClient } from './support/api-client.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t.app, ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(async () => t?.dispose());

const jsonLines = (body: unknown) =>
  String(body)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; action: string; targetType: string | null; targetId: string | null });

describe('audit export', () => {
  it('exports only the entries matching the filters, as CSV and as JSON Lines, in chain order', async () => {
    for (let i = 0; i < 3; i++) expect((await admin.put('settings/general', { sessionIdleTimeoutMinutes: 40 + i })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await admin.post('groups', { displayName: `Export group ${i}`, description: '' })).status).toBe(201);

    const all = jsonLines((await admin.get('audit/export?format=jsonl')).body);
    expect(all.some((e) => e.action === 'group.create')).toBe(true);

    const jsonl = await admin.get('audit/export?format=jsonl&action=settings.general.update');
    expect(jsonl.status).toBe(200);
    const rows = jsonLines(jsonl.body);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.action === 'settings.general.update')).toBe(true);
    expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((a, b) => a - b));

    const csv = await admin.get('audit/export?format=csv&action=group.create');
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toContain('seq,at,actorId');
    expect(lines.slice(1)).toHaveLength(2);
    expect(lines.slice(1).every((l) => l.includes('"group.create"'))).toBe(true);
    expect(String(csv.body)).not.toContain('settings.general.update');
  });

  it('takes every filter of the list (prefix, target type, time window) and refuses unknown ones', async () => {
    const groups = jsonLines((await admin.get('audit/export?format=jsonl&targetType=group')).body);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(groups.every((r) => r.targetType === 'group')).toBe(true);
    const prefix = jsonLines((await admin.get('audit/export?format=jsonl&action=group.*')).body);
    expect(prefix.every((r) => r.action.startsWith('group.'))).toBe(true);
    const future = await admin.get(`audit/export?format=jsonl&from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    expect(String(future.body).trim()).toBe('');
    const one = groups[0]!;
    const byTarget = jsonLines((await admin.get(`audit/export?format=jsonl&targetId=${one.targetId}`)).body);
    expect(byTarget.every((r) => r.targetId === one.targetId)).toBe(true);
    const bad = await admin.get('audit/export?format=jsonl&colour=blue');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('colour');
  });
});

describe('audit list: target names', () => {
  it("shows a target's current name, null once it is gone, without changing the stored entry", async () => {
    const group = (await admin.post('groups', { displayName: 'Named before', description: '' })).body as { id: string };
    expect((await admin.patch(`groups/${group.id}`, { displayName: 'Named now' })).status).toBe(200);
    const room = (await admin.post('rooms', { name: 'Audit Room 1' })).body as { id: string };

    const page = await admin.get('audit?limit=20');
    type Entry = { action: string; targetId: string | null; targetLabel: string | null; targetRoomId: string | null; hash: string };
    const entries = page.body.items as Entry[];
    const created = entries.find((e) => e.action === 'group.create' && e.targetId === group.id)!;
    expect(created.targetLabel).toBe('Named now');
    const roomEntry = entries.find((e) => e.action === 'room.create' && e.targetId === room.id)!;
    expect(roomEntry).toMatchObject({ targetLabel: 'Audit Room 1', targetRoomId: room.id });
    const settings = entries.find((e) => e.action === 'settings.general.update');
    expect(settings?.targetLabel).toBe('General');
    const me = entries.find((e) => e.action === 'auth.login')!;
    expect(me.targetLabel).toContain(ADMIN_EMAIL);

    expect((await admin.delete(`rooms/${room.id}`)).status).toBe(204);
    const after = (await admin.get('audit?targetType=room&limit=10')).body.items as Entry[];
    const gone = after.find((e) => e.action === 'room.create' && e.targetId === room.id)!;
    expect(gone).toMatchObject({ targetLabel: null, targetRoomId: null, hash: roomEntry.hash });
    expect((await admin.get('audit/verify')).body.ok).toBe(true);
  });

  it('every target type has a lookup that runs; ids that are not UUIDs are skipped, not an error', async () => {
    const repo = new AuditTargetsRepository(t.database.db);
    for (const type of ['room', 'user', 'group', 'role', 'site', 'api_token', 'scim_token', 'enrollment_token', 'session', 'device', 'incident']) {
      expect((await repo.names(type, [randomUUID(), 'not-a-uuid'])).size, type).toBe(0);
    }
    expect((await repo.names('unknown_type', [randomUUID()])).size).toBe(0);
  });
});
