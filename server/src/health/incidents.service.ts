// Incidents as the API shows them: lists filtered to the rooms the caller may see, one
// incident with its timeline, and what people do to them (Incidents: Modify on the room):
// acknowledge, add a note, resolve by hand, record an issue. Each is audited; opening and
// resolving go through the incident lifecycle, in the transaction of their audit entry.
import { MANUAL_INCIDENT_CATEGORY, MANUAL_RULE_PREFIX, type IncidentDetailView, type IncidentSeverity, type IncidentView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import { AppError } from '../errors.ts';
import type { Page } from '../repositories/cursor.ts';
import type { IncidentNotesRepository } from '../repositories/incident-notes.repository.ts';
import type { IncidentRecord, IncidentsRepository, IncidentWithRoom } from '../repositories/incidents.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { refuseIfRetired, throwIfRefused, type RoomAccessService } from '../access/room-access.service.ts';
import { incidentScope, mayAcknowledge, mayViewIncident, mayWriteIncident } from '../access/policies/incidents.policy.ts';
import { actorOf, type Caller } from '../access/caller.ts';
import type { IncidentLifecycle } from './incident-lifecycle.ts';
import { incidentTimeline } from './incident-timeline.ts';
import { incidentView } from './health-views.ts';

export interface IncidentQuery {
  state: 'open' | 'resolved' | 'all';
  severity?: IncidentSeverity[] | undefined;
  roomId?: string | undefined;
  siteId?: string | undefined;
  roomGroupId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface IssueRecord {
  title: string;
  severity: IncidentSeverity;
  description?: string | undefined;
}

const toView = (r: IncidentWithRoom): IncidentView => incidentView(r, { name: r.roomName, siteId: r.siteId });
const userIdOf = (caller: Caller): string | null => (caller.principal.kind === 'user' ? caller.principal.userId : null);
const auditDetails = (r: IncidentRecord) => ({ roomId: r.roomId, title: r.title, severity: r.severity, state: r.state });

export interface IncidentsServiceDeps {
  incidents: IncidentsRepository;
  notes: IncidentNotesRepository;
  lifecycle: IncidentLifecycle;
  roomAccess: RoomAccessService;
  tx: Transactor;
  audit: AuditService;
  bus: EventBus;
}

export class IncidentsService {
  constructor(private readonly deps: IncidentsServiceDeps) {}

  async list(caller: Caller, q: IncidentQuery): Promise<Page<IncidentView>> {
    const page = await this.deps.incidents.list(
      { state: q.state, severities: q.severity, roomId: q.roomId, siteId: q.siteId, roomGroupId: q.roomGroupId, visible: incidentScope(caller.grants) },
      q.limit,
      q.cursor,
    );
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  async listForRoom(caller: Caller, roomId: string, q: Omit<IncidentQuery, 'roomId' | 'siteId' | 'roomGroupId'>): Promise<Page<IncidentView>> {
    const room = await this.deps.roomAccess.requireRoom(caller, roomId, 'incidents', 'view');
    return this.list(caller, { ...q, roomId: room.id });
  }

  /** One incident with its timeline; an incident of a room the caller cannot view is a 404. */
  async get(caller: Caller, id: string): Promise<IncidentDetailView> {
    const incident = await this.#find(id);
    throwIfRefused(mayViewIncident(caller.grants, { id: incident.roomId, siteId: incident.siteId, roomGroupIds: incident.roomGroupIds }), 'incidents', 'view', 'Incident');
    return this.#detail(incident);
  }

  async acknowledge(caller: Caller, id: string): Promise<IncidentView> {
    const incident = await this.#find(id);
    throwIfRefused(mayAcknowledge(caller.grants, { id: incident.roomId, siteId: incident.siteId, roomGroupIds: incident.roomGroupIds }), 'incidents', 'modify', 'Incident');
    if (incident.acknowledgedAt) throw new AppError('CONFLICT', 'This incident is already acknowledged');
    const { actorLabel } = actorOf(caller);
    const updated = await this.deps.tx.run(async (ex) => {
      const row = await this.deps.incidents.acknowledge(id, new Date(), userIdOf(caller), actorLabel, ex);
      if (!row) throw new AppError('CONFLICT', 'This incident is already acknowledged');
      await this.deps.audit.record(caller, { action: 'incident.acknowledge', targetType: 'incident', targetId: id, details: auditDetails(row) }, ex);
      return row;
    });
    const result = incidentView(updated, { name: incident.roomName, siteId: incident.siteId });
    await this.deps.bus.publish({ type: 'incident.acknowledged', roomId: result.roomId, siteId: result.siteId, incident: result });
    return result;
  }

  /** A note on the timeline; open or resolved incidents alike take one. */
  async addNote(caller: Caller, id: string, text: string): Promise<IncidentDetailView> {
    const incident = await this.#writable(caller, id);
    const { actorLabel } = actorOf(caller);
    await this.deps.tx.run(async (ex) => {
      const note = await this.deps.notes.insert({ id: crypto.randomUUID(), incidentId: id, at: new Date(), authorId: userIdOf(caller), authorLabel: actorLabel, text }, ex);
      await this.deps.audit.record(caller, { action: 'incident.note', targetType: 'incident', targetId: id, details: { ...auditDetails(incident), noteId: note.id, text } }, ex);
    });
    return this.#detail(await this.#find(id));
  }

  /** Resolved by hand, with an optional note; an incident already resolved is a 409. */
  async resolve(caller: Caller, id: string, note: string | undefined): Promise<IncidentDetailView> {
    const incident = await this.#writable(caller, id);
    if (incident.state !== 'open') throw new AppError('CONFLICT', 'This incident is already resolved');
    const { actorLabel } = actorOf(caller);
    const [resolved] = await this.deps.tx.run(async (ex) => {
      const rows = await this.deps.lifecycle.resolve({ id }, { at: new Date(), resolution: 'manual', byId: userIdOf(caller), byLabel: actorLabel, note: note ?? null }, ex);
      if (rows.length === 0) throw new AppError('CONFLICT', 'This incident is already resolved');
      await this.deps.audit.record(caller, { action: 'incident.resolve', targetType: 'incident', targetId: id, details: { ...auditDetails(incident), note: note ?? null } }, ex);
      return rows;
    });
    if (resolved) await this.#published('incident.resolved', resolved, incident);
    return this.#detail(await this.#find(id));
  }

  /** "Record an issue": a real incident of the room, without a signal, so recovery never resolves it. Not muted by maintenance: someone chose to record it. */
  async record(caller: Caller, roomId: string, input: IssueRecord): Promise<IncidentDetailView> {
    const room = await this.deps.roomAccess.requireRoom(caller, roomId, 'incidents', 'modify');
    refuseIfRetired(room);
    const id = crypto.randomUUID();
    const { actorLabel } = actorOf(caller);
    const [opened] = await this.deps.tx.run(async (ex) => {
      const rows = await this.deps.lifecycle.open(
        [
          {
            id,
            roomId: room.id,
            ruleId: `${MANUAL_RULE_PREFIX}${id}`,
            signal: null,
            title: input.title,
            category: MANUAL_INCIDENT_CATEGORY,
            severity: input.severity,
            state: 'open',
            detail: null,
            description: input.description ?? null,
            openedAt: new Date(),
            openedBy: userIdOf(caller),
            openedByLabel: actorLabel,
          },
        ],
        ex,
      );
      await this.deps.audit.record(caller, { action: 'incident.record', targetType: 'incident', targetId: id, details: { roomId: room.id, roomName: room.name, title: input.title, severity: input.severity, description: input.description ?? null } }, ex);
      return rows;
    });
    if (opened) await this.#published('incident.opened', opened, { roomName: room.name, siteId: room.siteId });
    return this.#detail(await this.#find(id));
  }

  async #find(id: string): Promise<IncidentWithRoom> {
    const incident = await this.deps.incidents.findById(id);
    if (!incident) throw new AppError('NOT_FOUND', 'Incident not found');
    return incident;
  }

  async #writable(caller: Caller, id: string): Promise<IncidentWithRoom> {
    const incident = await this.#find(id);
    throwIfRefused(mayWriteIncident(caller.grants, { id: incident.roomId, siteId: incident.siteId, roomGroupIds: incident.roomGroupIds }), 'incidents', 'modify', 'Incident');
    return incident;
  }

  async #detail(incident: IncidentWithRoom): Promise<IncidentDetailView> {
    return { ...toView(incident), timeline: incidentTimeline(incident, await this.deps.notes.forIncident(incident.id)) };
  }

  async #published(type: 'incident.opened' | 'incident.resolved', r: IncidentRecord, room: { roomName: string; siteId: string | null }): Promise<void> {
    const incident = incidentView(r, { name: room.roomName, siteId: room.siteId });
    await this.deps.bus.publish({ type, roomId: r.roomId, siteId: room.siteId, incident });
  }
}
