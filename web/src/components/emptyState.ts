// What an empty list says: "nothing here yet" is not "nothing matches the filter". One
// wording for every list (EmptyState.tsx shows it, with the action to create the first one).
import { pluralOf } from './plural.ts';

export interface EmptyWording {
  /** What one item of the list is: "group", "user", "open incident". */
  noun: string;
  /** A search or a filter narrows the list. */
  filtered: boolean;
  /** Said when nothing exists yet, instead of "No groups yet." */
  none?: string | undefined;
}

export function emptyMessage({ noun, filtered, none }: EmptyWording): string {
  if (filtered) return `No ${noun} matches the search or filters.`;
  return none ?? `No ${pluralOf(noun)} yet.`;
}
