import type { Db, Executor } from '../db/database.ts';

export interface StoredSetting {
  value: Record<string, unknown>;
  updatedAt: Date;
  updatedBy: string | null;
}

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async get(key: string, ex: Executor = this.db): Promise<StoredSetting | undefined> {
    const row = await ex.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? { value: row.value, updatedAt: row.updated_at, updatedBy: row.updated_by } : undefined;
  }

  async put(key: string, value: Record<string, unknown>, updatedBy: string | null, ex: Executor = this.db): Promise<void> {
    const json = JSON.stringify(value);
    await ex
      .insertInto('settings')
      .values({ key, value: json, updated_at: new Date(), updated_by: updatedBy })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date(), updated_by: updatedBy }))
      .execute();
  }
}
