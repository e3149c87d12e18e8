// Notes on an incident (its timeline's `note` entries), oldest first. They go with the incident.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import type { IncidentNotesTable } from '../db/schema.ts';
import { camel, columns, type Camel } from './records.ts';

export type IncidentNoteRecord = Camel<Selectable<IncidentNotesTable>>;

/** More notes than this on one incident are not shown on its timeline (the oldest are). */
export const MAX_TIMELINE_NOTES = 500;

export class IncidentNotesRepository {
  constructor(private readonly db: Db) {}

  async insert(note: Camel<Insertable<IncidentNotesTable>>, ex: Executor = this.db): Promise<IncidentNoteRecord> {
    const row = await ex.insertInto('incident_notes').values(columns<Insertable<IncidentNotesTable>>(note)).returningAll().executeTakeFirstOrThrow();
    return camel(row);
  }

  async forIncident(incidentId: string, ex: Executor = this.db): Promise<IncidentNoteRecord[]> {
    const rows = await ex.selectFrom('incident_notes').selectAll().where('incident_id', '=', incidentId).orderBy('at').orderBy('id').limit(MAX_TIMELINE_NOTES).execute();
    return rows.map(camel);
  }
}
