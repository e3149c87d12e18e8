// The events on a server's bus: between the parts of one node, and between nodes over NATS.
// Every live event for the portal (live-events.ts), and the changes that only the server
// acts on (who may still hold a session, whose event stream ends). A discriminated union on
// `type` of plain JSON values, encoded and parsed the same way whatever carries them.
import { z } from 'zod';
import { EventParseError, LIVE_EVENT_TYPES, liveEventSchema, parseEventWith, type LiveEvent } from './live-events.ts';

/** A user was disabled, or (`deleted`) removed: their sessions end, their event streams close. */
export const userDisabledEventSchema = z.object({ type: z.literal('user.disabled'), userId: z.string(), deleted: z.boolean().optional() });
export const userUpdatedEventSchema = z.object({ type: z.literal('user.updated'), userId: z.string() });
export const roleChangedEventSchema = z.object({ type: z.literal('role.changed'), roleId: z.string() });
export const groupChangedEventSchema = z.object({ type: z.literal('group.changed'), groupId: z.string() });
export const groupMembershipChangedEventSchema = z.object({
  type: z.literal('group.membership.changed'),
  groupId: z.string(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
});
/** A room group changed (its rooms, or it was deleted): whoever is scoped through it is re-checked. */
export const roomGroupChangedEventSchema = z.object({ type: z.literal('room_group.changed'), roomGroupId: z.string() });

export const busEventSchema = z.discriminatedUnion('type', [
  ...liveEventSchema.options,
  userDisabledEventSchema,
  userUpdatedEventSchema,
  roleChangedEventSchema,
  groupChangedEventSchema,
  groupMembershipChangedEventSchema,
  roomGroupChangedEventSchema,
]);
export type BusEvent = z.infer<typeof busEventSchema>;
export type BusEventType = BusEvent['type'];
/** The events of the given types, for a handler that subscribed to them. */
export type BusEventOf<T extends BusEventType> = Extract<BusEvent, { type: T }>;

const LIVE = new Set<string>(LIVE_EVENT_TYPES);
/** Whether the portal receives this event (over GET /events). */
export function isLiveEvent(event: BusEvent): event is LiveEvent {
  return LIVE.has(event.type);
}

/** The text a bus transport carries for one event. */
export function encodeBusEvent(event: BusEvent): string {
  return JSON.stringify(event);
}

/** Parses one received bus message; throws EventParseError on anything but a known, valid event. */
export function decodeBusEvent(text: string): BusEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EventParseError('INVALID_EVENT', 'bus message is not JSON');
  }
  return parseEventWith(busEventSchema, value);
}
