import { describe, expect, it } from 'vitest';
import { SIGNAL_NAMES, type Signal } from '@roomwarden/protocol';
import { DEFAULT_POLICY, isOffline, reconcile, roomStatus, ruleFor, signalChange, underPolicy } from './health-engine.ts';
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

describe('reconcile under the incident policy (settings and maintenance)', () => {
  const setting = (enabled: boolean, severity: 'critical' | 'high' | 'medium' | 'low' = 'high', degradedSeverity: 'critical' | 'high' | 'medium' | 'low' = 'medium') => ({ enabled, severity, degradedSeverity });

  it('a disabled signal opens no new incident, and its open incident still resolves on recovery', () => {
    const policy = { muted: false, signals: { camera: setting(false) } };
    expect(reconcile([{ name: 'camera', state: 'failed' }, { name: 'display', state: 'failed' }], [], undefined, policy).open.map((o) => o.ruleId)).toEqual(['display.failed']);
    expect(reconcile([{ name: 'camera', state: 'ok' }], [{ ruleId: 'camera.failed', signal: 'camera', severity: 'high' }], undefined, policy)).toEqual({ open: [], resolve: ['camera.failed'] });
  });

  it('a new incident takes the configured severity of its state', () => {
    const policy = { muted: false, signals: { disk: setting(true, 'critical', 'high') } };
    expect(reconcile([{ name: 'disk', state: 'failed' }], [], undefined, policy).open[0]?.severity).toBe('critical');
    expect(reconcile([{ name: 'disk', state: 'degraded' }], [], undefined, policy).open[0]?.severity).toBe('high');
    // A signal without a setting keeps its rule's severity.
    expect(reconcile([{ name: 'camera', state: 'failed' }], [], undefined, policy).open[0]?.severity).toBe('high');
  });

  it('a maintenance window mutes every new incident, the agent-offline one included, and recovery still resolves', () => {
    const muted = { muted: true, signals: {} };
    expect(reconcile([{ name: 'display', state: 'failed' }, { name: 'camera', state: 'degraded' }], [], undefined, muted).open).toEqual([]);
    expect(reconcile([{ name: 'display', state: 'ok' }], [{ ruleId: 'display.failed', signal: 'display', severity: 'critical' }], undefined, muted).resolve).toEqual(['display.failed']);
    const offline = { ruleId: AGENT_OFFLINE_RULE.id, signal: null, severity: AGENT_OFFLINE_RULE.severity, category: AGENT_OFFLINE_RULE.category, title: AGENT_OFFLINE_RULE.title, detail: null };
    expect(underPolicy(offline, 'failed', muted)).toBeNull();
    expect(underPolicy(offline, 'failed', DEFAULT_POLICY)).toEqual(offline);
  });

  it('incidents without a signal (recorded by hand) are never resolved by a signal', () => {
    const manual = { ruleId: 'manual.1', signal: null, severity: 'critical' as const };
    expect(reconcile([{ name: 'camera', state: 'ok' }, { name: 'display', state: 'ok' }], [manual])).toEqual({ open: [], resolve: [] });
  });
});
