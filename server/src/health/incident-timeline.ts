// An incident's timeline, in order: opened (by the health engine, or by whom by hand),
// acknowledged by whom, its notes, resolved (by recovery, by hand with its note, or by
// retiring the room).
import type { IncidentResolution, IncidentTimelineEntry } from '@roomwarden/protocol';
import type { IncidentNoteRecord } from '../repositories/incident-notes.repository.ts';
import type { IncidentRecord } from '../repositories/incidents.repository.ts';

const RESOLVED_TEXT: Record<IncidentResolution, string> = {
  recovered: 'The signal recovered',
  manual: 'Resolved by hand',
  retired: 'The room was retired',
};

export function incidentTimeline(r: IncidentRecord, notes: readonly IncidentNoteRecord[]): IncidentTimelineEntry[] {
  const entries: IncidentTimelineEntry[] = [{ at: r.openedAt.toISOString(), kind: 'opened', actorLabel: r.openedByLabel, text: r.description ?? r.detail }];
  if (r.acknowledgedAt) entries.push({ at: r.acknowledgedAt.toISOString(), kind: 'acknowledged', actorLabel: r.acknowledgedByLabel, text: null });
  for (const n of notes) entries.push({ at: n.at.toISOString(), kind: 'note', actorLabel: n.authorLabel, text: n.text });
  if (r.resolvedAt) {
    const resolution = (r.resolution ?? 'recovered') as IncidentResolution;
    entries.push({ at: r.resolvedAt.toISOString(), kind: 'resolved', actorLabel: r.resolvedByLabel, text: r.resolutionNote ?? RESOLVED_TEXT[resolution], resolution });
  }
  // Stable: entries at the same instant keep the order above (opened first, resolved last).
  return entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.localeCompare(b.e.at) || a.i - b.i).map(({ e }) => e);
}
