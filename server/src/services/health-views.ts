// How incidents and signals leave the server (API answers and bus events).
import type { IncidentSeverity, SignalState } from '@roomwarden/protocol';
import type { IncidentRow } from '../repositories/incidents.repository.ts';
import type { SignalRow } from '../repositories/signals.repository.ts';

export interface IncidentView {
  id: string;
  roomId: string;
  roomName: string;
  siteId: string | null;
  ruleId: string;
  signal: string | null;
  title: string;
  category: string;
  severity: IncidentSeverity;
  state: 'open' | 'resolved';
  detail: string | null;
  openedAt: string;
  resolvedAt: string | null;
  acknowledged: boolean;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export function incidentView(r: IncidentRow, room: { name: string; siteId: string | null }): IncidentView {
  return {
    id: r.id,
    roomId: r.room_id,
    roomName: room.name,
    siteId: room.siteId,
    ruleId: r.rule_id,
    signal: r.signal,
    title: r.title,
    category: r.category,
    severity: r.severity as IncidentSeverity,
    state: r.state as 'open' | 'resolved',
    detail: r.detail,
    openedAt: r.opened_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    acknowledged: r.acknowledged_at !== null,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by_label,
  };
}

export interface SignalView {
  name: string;
  label: string;
  state: SignalState;
  value: string | null;
  detail: string | null;
  changedAt: string;
}

export function signalView(r: SignalRow, labels: Record<string, string>): SignalView {
  return { name: r.name, label: labels[r.name] ?? r.name, state: r.state as SignalState, value: r.value, detail: r.detail, changedAt: r.changedAt.toISOString() };
}
