// How incidents and signals leave the server (API answers and bus events).
import type { IncidentSeverity, IncidentView, SignalState, SignalView } from '@roomwarden/protocol';
import type { IncidentRow } from '../repositories/incidents.repository.ts';
import type { SignalRow } from '../repositories/signals.repository.ts';

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

export function signalView(r: SignalRow, labels: Record<string, string>): SignalView {
  return { name: r.name, label: labels[r.name] ?? r.name, state: r.state as SignalState, value: r.value, detail: r.detail, changedAt: r.changedAt.toISOString() };
}
