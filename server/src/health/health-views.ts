// How incidents and signals leave the server (API answers and bus events).
import type { IncidentSeverity, IncidentView, SignalState, SignalView } from '@roomwarden/protocol';
import type { IncidentRecord } from '../repositories/incidents.repository.ts';
import type { SignalRecord } from '../repositories/signals.repository.ts';

export function incidentView(r: IncidentRecord, room: { name: string; siteId: string | null }): IncidentView {
  return {
    id: r.id,
    roomId: r.roomId,
    roomName: room.name,
    siteId: room.siteId,
    ruleId: r.ruleId,
    signal: r.signal,
    title: r.title,
    category: r.category,
    severity: r.severity as IncidentSeverity,
    state: r.state as 'open' | 'resolved',
    detail: r.detail,
    openedAt: r.openedAt.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    acknowledged: r.acknowledgedAt !== null,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: r.acknowledgedByLabel,
    resolution: (r.resolution ?? (r.resolvedAt ? 'recovered' : null)) as IncidentView['resolution'],
    resolvedBy: r.resolvedByLabel,
    openedBy: r.openedByLabel,
    description: r.description,
  };
}

export function signalView(r: SignalRecord, labels: Record<string, string>): SignalView {
  return { name: r.name, label: labels[r.name] ?? r.name, state: r.state as SignalState, value: r.value, detail: r.detail, changedAt: r.changedAt.toISOString() };
}
