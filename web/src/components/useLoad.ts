// Small data hooks: load once (with reload), and a searchable list paged with nextCursor.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, messageOf, type Query } from '../api/client.ts';
import type { Page } from '../api/types.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  // The caller lists what the loader depends on, as with useEffect.
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    stableLoad().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(messageOf(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [stableLoad, tick]);
  return { data, error, loading, reload: () => setTick((t) => t + 1), setData };
}

export interface PagedList<T> {
  items: T[];
  error: string | null;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** GET path?query&limit&cursor, accumulating pages; resets when the query changes. */
export function usePagedList<T>(path: string, query: Query, limit = 50): PagedList<T> {
  const key = JSON.stringify(query);
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (after: string | null, append: boolean) => {
      const gen = ++generation.current;
      setLoading(true);
      try {
        const page = await api.get<Page<T>>(path, { ...(JSON.parse(key) as Query), limit, cursor: after ?? undefined });
        if (gen !== generation.current) return;
        setItems((prev) => (append ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (err) {
        if (gen !== generation.current) return;
        setError(messageOf(err));
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [path, key, limit],
  );

  useEffect(() => {
    void fetchPage(null, false);
  }, [fetchPage, tick]);

  return {
    items,
    error,
    loading,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor, true),
    reload: () => setTick((t) => t + 1),
  };
}

/** A value that follows `value` after `ms` without change (search boxes). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
