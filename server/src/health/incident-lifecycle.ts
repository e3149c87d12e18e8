// The one place where incidents open and resolve, whoever asks: the health engine (a signal
// failed or recovered, the agent went offline), an administrator (record an issue, resolve
// by hand) or retiring a room. Each takes the executor of the caller's transaction, so what
// must happen with an incident's opening or resolution (the notifications outbox, issue 14 C)
// is written here, in that same transaction, with one call.
import type { Executor } from '../db/database.ts';
import type { IncidentRecord, IncidentsRepository, NewIncident, Resolution, ResolveTarget } from '../repositories/incidents.repository.ts';

export class IncidentLifecycle {
  constructor(private readonly incidents: IncidentsRepository) {}

  /** Opens incidents; `ex` is the transaction that caused them. */
  async open(incidents: readonly NewIncident[], ex: Executor): Promise<IncidentRecord[]> {
    return this.incidents.insert(incidents, ex);
  }

  /** Resolves the open incidents of `target`, answering those it resolved; `ex` is the transaction that caused it. */
  async resolve(target: ResolveTarget, how: Resolution, ex: Executor): Promise<IncidentRecord[]> {
    return this.incidents.resolve(target, how, ex);
  }
}
