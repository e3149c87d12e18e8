// The health engine's decisions, as pure functions over the rules in health-rules.ts:
// which incidents a set of signals opens and resolves, what status a room has, when an
// agent counts as offline. The health service applies them to storage and the bus.
import type { IncidentSeverity, RoomStatus, Signal, SignalName, SignalState } from '@roomwarden/protocol';
import { HEALTH_RULES, type HealthRule } from './health-rules.ts';

/** An incident the engine wants opened. */
export interface IncidentSpec {
  ruleId: string;
  signal: SignalName | null;
  severity: IncidentSeverity;
  category: string;
  title: string;
  detail: string | null;
}

/** What the engine needs to know about an open incident. */
export interface OpenIncidentRef {
  ruleId: string;
  signal: string | null;
  severity: IncidentSeverity;
}

/** A signal's incident setting (Settings > Incidents): off opens nothing new; the severity of each state. */
export interface SignalPolicy {
  enabled: boolean;
  severity: IncidentSeverity;
  degradedSeverity: IncidentSeverity;
}

/**
 * What the organisation's incident settings and the room's maintenance window say: while
 * `muted` (a maintenance window runs) no new incident opens; a disabled signal opens none.
 * Either way, open incidents stay until they recover or are resolved by hand.
 */
export interface IncidentPolicy {
  muted: boolean;
  signals: Partial<Record<string, SignalPolicy>>;
}

export const DEFAULT_POLICY: IncidentPolicy = { muted: false, signals: {} };

/** The spec a rule opens under the policy, or null when the policy keeps it closed. */
export function underPolicy(spec: IncidentSpec, state: SignalState, policy: IncidentPolicy): IncidentSpec | null {
  if (policy.muted) return null;
  const setting = spec.signal ? policy.signals[spec.signal] : undefined;
  if (!setting) return spec;
  if (!setting.enabled) return null;
  return { ...spec, severity: state === 'degraded' ? setting.degradedSeverity : setting.severity };
}

export interface Reconciliation {
  open: IncidentSpec[];
  /** Rule ids of open incidents to resolve. */
  resolve: string[];
}

export function ruleFor(name: SignalName, state: SignalState, rules: readonly HealthRule[] = HEALTH_RULES): HealthRule | undefined {
  return rules.find((r) => r.signal === name && r.state === state);
}

export function specOf(rule: HealthRule, signal: Pick<Signal, 'value' | 'detail'>): IncidentSpec {
  return { ruleId: rule.id, signal: rule.signal, severity: rule.severity, category: rule.category, title: rule.title, detail: signal.detail ?? signal.value ?? null };
}

/**
 * Given reported signals and the room's open incidents: open what a rule asks for and is
 * not open yet and the policy allows; resolve a signal's open incidents whose rule no longer
 * matches (recovery, or a change of state such as failed → degraded). `unknown` changes
 * nothing. Incidents without a signal (recorded by hand, agent offline) are not touched.
 */
export function reconcile(signals: readonly Signal[], open: Iterable<OpenIncidentRef>, rules: readonly HealthRule[] = HEALTH_RULES, policy: IncidentPolicy = DEFAULT_POLICY): Reconciliation {
  const latest = new Map<SignalName, Signal>();
  for (const s of signals) latest.set(s.name, s);
  const openList = [...open];
  const openIds = new Set(openList.map((o) => o.ruleId));
  const result: Reconciliation = { open: [], resolve: [] };
  for (const s of latest.values()) {
    if (s.state === 'unknown') continue;
    const rule = ruleFor(s.name, s.state, rules);
    for (const o of openList) if (o.signal === s.name && o.ruleId !== rule?.id) result.resolve.push(o.ruleId);
    const spec = rule && !openIds.has(rule.id) ? underPolicy(specOf(rule, s), s.state, policy) : null;
    if (spec) result.open.push(spec);
  }
  return result;
}

const PROBLEM: Record<IncidentSeverity, 'unhealthy' | 'warning'> = { critical: 'unhealthy', high: 'unhealthy', medium: 'warning', low: 'warning' };

/** offline without heartbeats; else unhealthy with an open critical/high incident, warning with a medium/low one, else healthy. */
export function roomStatus(online: boolean, openSeverities: Iterable<IncidentSeverity>): RoomStatus {
  if (!online) return 'offline';
  let status: RoomStatus = 'healthy';
  for (const s of openSeverities) {
    if (PROBLEM[s] === 'unhealthy') return 'unhealthy';
    status = 'warning';
  }
  return status;
}

/** True once `missed` whole heartbeat intervals have passed since the last heartbeat. */
export function isOffline(lastHeartbeatMs: number, nowMs: number, intervalSec: number, missed: number): boolean {
  return nowMs - lastHeartbeatMs >= intervalSec * 1000 * missed;
}

export interface StoredSignal {
  state: SignalState;
  value: string | null;
  detail: string | null;
  changedAt: Date;
}

/** 'state' when the state changed (or the signal is new), 'reading' when only value/detail did. */
export function signalChange(prev: StoredSignal | undefined, next: Signal): 'state' | 'reading' | 'none' {
  if (!prev || prev.state !== next.state) return 'state';
  if (prev.value !== (next.value ?? null) || prev.detail !== (next.detail ?? null)) return 'reading';
  return 'none';
}
