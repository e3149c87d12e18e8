// Every action and target type the server writes to the audit log has its label in the
// catalogue (protocol/src/audit-catalogue.ts): a new action without one fails here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, auditActionsByGroup, auditEntryLabel } from '@roomwarden/protocol';

const SERVER_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

const literals = (text: string) => [...text.matchAll(/'([^'\n]+)'/g)].map((m) => m[1]!);

/** What the server writes: `action: '…'` literals, and the literals of an `action` computed before the call (`const action = a ? 'x' : 'y'`). */
function writtenActions(source: string): string[] {
  const direct = [...source.matchAll(/\baction:\s*'([a-z_]+(?:\.[a-z_]+)+)'/g)].map((m) => m[1]!);
  const computed = [...source.matchAll(/\bconst action\s*=\s*([^;]+);/g)].flatMap((m) => literals(m[1]!));
  return [...direct, ...computed];
}

const writtenTargetTypes = (source: string) => [...source.matchAll(/\btargetType:\s*'([^']+)'/g)].map((m) => m[1]!);

const files = sourceFiles(SERVER_SRC).map((f) => ({ file: path.relative(SERVER_SRC, f), text: fs.readFileSync(f, 'utf8') }));

describe('the audit catalogue', () => {
  it('finds the actions written directly and computed before the call (the scan itself works)', () => {
    expect(writtenActions("audit.record(c, { action: 'room.create', targetType: 'room' })")).toEqual(['room.create']);
    expect(writtenActions("const action = off ? 'user.disable' : on ? 'user.enable' : 'user.update';")).toEqual(['user.disable', 'user.enable', 'user.update']);
    const all = files.flatMap((f) => writtenActions(f.text));
    expect(all).toEqual(expect.arrayContaining(['session.start', 'session.end', 'user.disable', 'settings.general.update']));
  });

  it('has a label for every action the server writes', () => {
    const missing = files.flatMap((f) => writtenActions(f.text).filter((a) => !(a in AUDIT_ACTIONS)).map((a) => `${a} (server/src/${f.file})`));
    expect(missing, 'add these to AUDIT_ACTIONS in protocol/src/audit-catalogue.ts').toEqual([]);
  });

  it('has a label for every target type the server writes', () => {
    const missing = files.flatMap((f) => writtenTargetTypes(f.text).filter((t) => !(t in AUDIT_TARGET_TYPES)).map((t) => `${t} (server/src/${f.file})`));
    expect(missing, 'add these to AUDIT_TARGET_TYPES in protocol/src/audit-catalogue.ts').toEqual([]);
  });

  it('every file that records an entry names its action where the scan sees it', () => {
    const recorders = files.filter((f) => /audit\.record\(/.test(f.text) && !f.file.startsWith('platform/audit'));
    const blind = recorders.filter((f) => writtenActions(f.text).length === 0 && !/Entry\(/.test(f.text)).map((f) => f.file);
    expect(blind).toEqual([]);
  });

  it('groups every action once, and says when remote access was turned off', () => {
    const grouped = auditActionsByGroup().flatMap((g) => g.actions.map((a) => a.action));
    expect(grouped.sort()).toEqual(Object.keys(AUDIT_ACTIONS).sort());
    expect(auditEntryLabel('settings.general.update', { before: { remoteAccessEnabled: true }, after: { remoteAccessEnabled: false } })).toBe('Remote access turned off');
    expect(auditEntryLabel('settings.general.update', { before: { remoteAccessEnabled: false }, after: { remoteAccessEnabled: false } })).toBe('General settings changed');
    expect(auditEntryLabel('some.new_action', {})).toBe('some.new_action');
  });
});
