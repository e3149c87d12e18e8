// The ordered list of migrations. Forward-only: add a file, never edit one that landed.
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
};
