// Names for ids shown in a summary (an assignment's groups, users, sites, room groups,
// rooms): each id read once from `${path}/${id}`, kept for the page's life. An id the
// user cannot read shows as its first characters.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';

export interface NameSource<T> {
  path: string;
  ids: readonly string[];
  labelOf: (item: T) => string;
}

export function useEntityNames(sources: ReadonlyArray<NameSource<never>>): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const requested = useRef(new Set<string>());
  const key = JSON.stringify(sources.map((s) => [s.path, s.ids]));
  useEffect(() => {
    for (const source of sources) {
      const missing = source.ids.filter((id) => !requested.current.has(id));
      for (const id of missing) {
        requested.current.add(id);
        api.get<never>(`${source.path}/${id}`).then(
          (item) => setNames((prev) => ({ ...prev, [id]: source.labelOf(item) })),
          () => setNames((prev) => ({ ...prev, [id]: `(${id.slice(0, 8)}…)` })),
        );
      }
    }
    // `key` stands for the sources' paths and ids (the array itself is new on every render).
  }, [key]);
  return names;
}
