// When a failed notification is tried again: exponential backoff with full jitter between
// half and all of the step (so that many items failing together do not come back together),
// capped; after `maxAttempts` tries the item is dead.

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 10_000, maxMs: 60 * 60_000, maxAttempts: 8 };

/** The delay before try `attempts + 1`, given `attempts` tries made; null: no more tries. */
export function retryDelayMs(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + (step / 2) * random());
}
