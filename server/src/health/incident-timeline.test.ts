import { describe, expect, it } from 'vitest';
import type { IncidentRecord } from '../repositories/incidents.repository.ts';
import { incidentTimeline } from './incident-timeline.ts';

const base: IncidentRecord = {
  id: 'i1',
  roomId: 'r1',
  ruleId: 'camera.failed',
  signal: 'camera',
  title: 'Camera not working',
  category: 'Peripherals',
  severity: 'high',
  state: 'open',
  detail: 'no device',
  openedAt: new Date('2026-01-01T10:00:00Z'),
  resolvedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgedByLabel: null,
  resolution: null,
  resolvedBy: null,
  resolvedByLabel: null,
  resolutionNote: null,
  openedBy: null,
  openedByLabel: null,
  description: null,
};

describe('incident timeline', () => {
  it('orders opened, acknowledged, notes and resolved by time, and says how it was resolved', () => {
    const r = { ...base, state: 'resolved', acknowledgedAt: new Date('2026-01-01T10:05:00Z'), acknowledgedByLabel: 'ann@x', resolvedAt: new Date('2026-01-01T11:00:00Z'), resolution: 'manual', resolvedByLabel: 'bob@x', resolutionNote: 'fixed' };
    const notes = [{ id: 'n1', incidentId: 'i1', at: new Date('2026-01-01T10:02:00Z'), authorId: null, authorLabel: 'bob@x', text: 'looking' }];
    expect(incidentTimeline(r, notes)).toEqual([
      { at: '2026-01-01T10:00:00.000Z', kind: 'opened', actorLabel: null, text: 'no device' },
      { at: '2026-01-01T10:02:00.000Z', kind: 'note', actorLabel: 'bob@x', text: 'looking' },
      { at: '2026-01-01T10:05:00.000Z', kind: 'acknowledged', actorLabel: 'ann@x', text: null },
      { at: '2026-01-01T11:00:00.000Z', kind: 'resolved', actorLabel: 'bob@x', text: 'fixed', resolution: 'manual' },
    ]);
  });

  it('resolved by recovery has no actor; an incident from before 0011 counts as recovered', () => {
    const r = { ...base, state: 'resolved', resolvedAt: new Date('2026-01-01T10:00:00Z') };
    expect(incidentTimeline(r, []).map((e) => [e.kind, e.actorLabel, e.resolution])).toEqual([
      ['opened', null, undefined],
      ['resolved', null, 'recovered'],
    ]);
  });
});
