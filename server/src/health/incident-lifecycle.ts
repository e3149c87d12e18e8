// The one place where incidents open and resolve, whoever asks: the health engine (a signal
// failed or recovered, the agent went offline), an administrator (record an issue, resolve
// by hand) or retiring a room. Each takes the executor of the caller's transaction, so what
// must happen with an incident's opening or resolution (its notifications in the outbox) is
// written here, in that same transaction.
import type { Executor } from '../db/database.ts';
import type { IncidentRecord, IncidentsRepository, NewIncident, Resolution, ResolveTarget } from '../repositories/incidents.repository.ts';
import type { NotificationEnqueuer } from '../notifications/outbox.ts';
import { incidentNotices } from '../notifications/notices.ts';

export class IncidentLifecycle {
  constructor(
    private readonly incidents: IncidentsRepository,
    /** Notifications of incidents opened and resolved; none when absent (unit tests). */
    private readonly outbox?: NotificationEnqueuer,
  ) {}

  /** Opens incidents; `ex` is the transaction that caused them. */
  async open(incidents: readonly NewIncident[], ex: Executor): Promise<IncidentRecord[]> {
    const opened = await this.incidents.insert(incidents, ex);
    if (opened.length > 0) await this.outbox?.enqueue(ex, incidentNotices('incident.opened', opened));
    return opened;
  }

  /** Resolves the open incidents of `target`, answering those it resolved; `ex` is the transaction that caused it. */
  async resolve(target: ResolveTarget, how: Resolution, ex: Executor): Promise<IncidentRecord[]> {
    const resolved = await this.incidents.resolve(target, how, ex);
    if (resolved.length > 0) await this.outbox?.enqueue(ex, incidentNotices('incident.resolved', resolved));
    return resolved;
  }
}
