// Storm control: a room that flaps must not send a storm. Per room and target (a channel,
// or one member's address), at most `limit` notifications within any `windowMs`; what comes
// beyond is folded into one "N more changes on <room>" item, sent when the window ends
// (when the oldest of the counted ones leaves it). Pure: the outbox gives it the times of the
// items it counted and its clock.

export interface StormLimits {
  limit: number;
  windowMs: number;
}

export const DEFAULT_STORM_LIMITS: StormLimits = { limit: 3, windowMs: 15 * 60_000 };

export type StormDecision = { fold: false } | { fold: true; releaseAt: Date };

/**
 * `counted`: when the items already made for this room and target were made, oldest first
 * (only those within the window matter; older ones are ignored here too).
 */
export function stormDecision(counted: readonly Date[], now: Date, limits: StormLimits = DEFAULT_STORM_LIMITS): StormDecision {
  const since = now.getTime() - limits.windowMs;
  const inWindow = counted.filter((t) => t.getTime() > since).sort((a, b) => a.getTime() - b.getTime());
  if (inWindow.length < limits.limit) return { fold: false };
  const oldestThatMatters = inWindow[inWindow.length - limits.limit]!;
  return { fold: true, releaseAt: new Date(oldestThatMatters.getTime() + limits.windowMs) };
}

/** The key storm control counts under: one target and one room. */
export function stormKey(target: { channelId: string } | { userId: string }, roomId: string): string {
  return 'channelId' in target ? `channel:${target.channelId}:room:${roomId}` : `user:${target.userId}:room:${roomId}`;
}
