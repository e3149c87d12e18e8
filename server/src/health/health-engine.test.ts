import { describe, expect, it } from 'vitest';
import { SIGNAL_NAMES, type Signal } from '@roomwarden/protocol';
import { isOffline, reconcile, roomStatus, ruleFor, signalChange } from './health-engine.ts';
import { AGENT_OFFLINE_RULE, HEALTH_RULES } from './health-rules.ts';

describe('health rules (one test per rule)', () => {
  it.each(HEALTH_RULES.map((r) => [r.id, r] as const))('%s opens its incident and recovery resolves it', (_id, rule) => {
    const opened = reconcile([{ name: rule.signal, state: rule.state, detail: 'why' }], []);
    expect(opened.resolve).toEqual([]);
    expect(opened.open).toEqual([{ ruleId: rule.id, signal: rule.signal, severity: rule.severity, category: rule.category, title: rule.title, detail: 'why' }]);
    // Reported again while open: nothing new.
    expect(reconcile([{ name: rule.signal, state: rule.state }], [{ ruleId: rule.id, signal: rule.signal, severity: rule.severity }])).toEqual({ open: [], resolve: [] });
    // Recovery resolves it.
    expect(reconcile([{ name: rule.signal, state: 'ok' }], [{ ruleId: rule.id, signal: rule.signal, severity: rule.severity }])).toEqual({ open: [], resolve: [rule.id] });
    // The room's status follows the rule's severity.
    expect(roomStatus(true, [rule.severity])).toBe(rule.severity === 'critical' || rule.severity === 'high' ? 'unhealthy' : 'warning');
  });

  it('the rules the product asks for have the agreed severities and categories', () => {
    const pick = (id: string) => HEALTH_RULES.find((r) => r.id === id);
    expect(pick('camera.failed')).toMatchObject({ severity: 'high', category: 'Peripherals' });
    expect(pick('display.failed')).toMatchObject({ severity: 'critical' });
    expect(pick('roomApp.failed')).toMatchObject({ severity: 'critical', category: 'Application' });
    expect(pick('roomAppSignedIn.failed')).toMatchObject({ severity: 'high' });
    expect(pick('network.degraded')).toMatchObject({ severity: 'medium' });
    expect(pick('disk.degraded')).toMatchObject({ severity: 'low' });
    expect(pick('cpu.degraded')).toMatchObject({ severity: 'medium' });
    expect(pick('memory.degraded')).toMatchObject({ severity: 'medium' });
    expect(AGENT_OFFLINE_RULE).toMatchObject({ severity: 'high', category: 'Connectivity' });
  });

  it('rule ids are unique and a signal state matches at most one rule', () => {
    expect(new Set(HEALTH_RULES.map((r) => r.id)).size).toBe(HEALTH_RULES.length);
    expect(new Set(HEALTH_RULES.map((r) => `${r.signal}/${r.state}`)).size).toBe(HEALTH_RULES.length);
  });
});

describe('reconcile', () => {
  it('unknown never opens an incident and leaves an open one alone', () => {
    for (const name of SIGNAL_NAMES) {
      expect(ruleFor(name, 'unknown')).toBeUndefined();
      expect(ruleFor(name, 'ok')).toBeUndefined();
      expect(reconcile([{ name, state: 'unknown' }], [])).toEqual({ open: [], resolve: [] });
    }
    expect(reconcile([{ name: 'camera', state: 'unknown' }], [{ ruleId: 'camera.failed', signal: 'camera', severity: 'high' }])).toEqual({ open: [], resolve: [] });
  });

  it('a change from failed to degraded resolves one incident and opens the other', () => {
    const r = reconcile([{ name: 'camera', state: 'degraded', value: 'low light' }], [{ ruleId: 'camera.failed', signal: 'camera', severity: 'high' }]);
    expect(r.resolve).toEqual(['camera.failed']);
    expect(r.open.map((o) => [o.ruleId, o.detail])).toEqual([['camera.degraded', 'low light']]);
  });

  it('the last report of a signal wins and other signals are untouched', () => {
    const signals: Signal[] = [
      { name: 'display', state: 'failed' },
      { name: 'display', state: 'ok' },
    ];
    expect(reconcile(signals, [{ ruleId: 'agent.offline', signal: null, severity: 'high' }])).toEqual({ open: [], resolve: [] });
  });
});

describe('room status', () => {
  it('offline wins, then unhealthy, then warning, then healthy', () => {
    expect(roomStatus(false, ['critical'])).toBe('offline');
    expect(roomStatus(true, ['low', 'critical'])).toBe('unhealthy');
    expect(roomStatus(true, ['high'])).toBe('unhealthy');
    expect(roomStatus(true, ['low', 'medium'])).toBe('warning');
    expect(roomStatus(true, [])).toBe('healthy');
  });

  it('an agent is offline after the given number of missed heartbeat intervals', () => {
    expect(isOffline(0, 89_999, 30, 3)).toBe(false);
    expect(isOffline(0, 90_000, 30, 3)).toBe(true);
  });

  it('tells a state change from a new reading', () => {
    const prev = { state: 'ok' as const, value: '42 %', detail: null, changedAt: new Date(0) };
    expect(signalChange(undefined, { name: 'cpu', state: 'ok' })).toBe('state');
    expect(signalChange(prev, { name: 'cpu', state: 'degraded', value: '42 %' })).toBe('state');
    expect(signalChange(prev, { name: 'cpu', state: 'ok', value: '43 %' })).toBe('reading');
    expect(signalChange(prev, { name: 'cpu', state: 'ok', value: '42 %' })).toBe('none');
  });
});
