// A list page's filters kept in the URL's query string (so a filtered view can be linked and
// survives a reload): the current parameters, and a stable setter that merges a patch,
// drops a value that is empty or equal to its default, and replaces the history entry.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

const NO_DEFAULTS = {};

/** `defaults` must be a constant (defined outside the component), so the setter stays stable. */
export function useUrlFilters<F extends object>(defaults: Partial<F> = NO_DEFAULTS): [URLSearchParams, (patch: Partial<F>) => void] {
  const [params, setParams] = useSearchParams();
  const setFilters = useCallback(
    (patch: Partial<F>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === '' || v === (defaults as Record<string, unknown>)[k]) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: true },
      ),
    [setParams, defaults],
  );
  return [params, setFilters];
}
