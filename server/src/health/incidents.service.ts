// Incidents as the API shows them: lists filtered to the rooms the caller may see, and
// acknowledgement (incidents modify on the room), audited.
import type { IncidentSeverity, IncidentView } from '@roomwarden/protocol';
import type { EventBus } from '../bus/event-bus.ts';
import { AppError } from '../errors.ts';
import type { Page } from '../repositories/cursor.ts';
import type { IncidentsRepository, IncidentWithRoom } from '../repositories/incidents.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { AuditService } from '../platform/audit.service.ts';
import { throwIfRefused, type RoomAccessService } from '../access/room-access.service.ts';
import { incidentScope, mayAcknowledge } from '../access/policies/incidents.policy.ts';
import { actorOf, type Caller } from '../access/caller.ts';
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

const toView = (r: IncidentWithRoom): IncidentView => incidentView(r, { name: r.roomName, siteId: r.siteId });

export interface IncidentsServiceDeps {
  incidents: IncidentsRepository;
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

  async acknowledge(caller: Caller, id: string): Promise<IncidentView> {
    const incident = await this.deps.incidents.findById(id);
    if (!incident) throw new AppError('NOT_FOUND', 'Incident not found');
    throwIfRefused(mayAcknowledge(caller.grants, { id: incident.roomId, siteId: incident.siteId, roomGroupIds: incident.roomGroupIds }), 'incidents', 'modify', 'Incident');
    if (incident.acknowledgedAt) throw new AppError('CONFLICT', 'This incident is already acknowledged');
    const { actorId, actorLabel } = actorOf(caller);
    const updated = await this.deps.tx.run(async (ex) => {
      const row = await this.deps.incidents.acknowledge(id, new Date(), caller.principal.kind === 'user' ? actorId : null, actorLabel, ex);
      if (!row) throw new AppError('CONFLICT', 'This incident is already acknowledged');
      await this.deps.audit.record(caller, { action: 'incident.acknowledge', targetType: 'incident', targetId: id, details: { roomId: row.roomId, title: row.title, severity: row.severity, state: row.state } }, ex);
      return row;
    });
    const result = incidentView(updated, { name: incident.roomName, siteId: incident.siteId });
    await this.deps.bus.publish({ type: 'incident.acknowledged', roomId: result.roomId, siteId: result.siteId, incident: result });
    return result;
  }
}
