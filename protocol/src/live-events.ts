// What GET /api/v1/events pushes to the portal (Server-Sent Events: `event: <type>`,
// `data: <json>`): a discriminated union on `type`. The server's bus carries the same events
// (bus-events.ts); the portal parses each one it receives and ignores what does not parse.
// Objects are not strict: a newer server may add fields.
import { z } from 'zod';
import { incidentViewSchema, sessionViewSchema } from './api-views.ts';
import { roomStatusSchema } from './health.ts';

/** The room an event is about; only those who may see the room receive it. */
const roomRef = { roomId: z.string(), siteId: z.string().nullable() };

export const roomStatusEventSchema = z.object({
  type: z.literal('room.status'),
  ...roomRef,
  status: roomStatusSchema,
  previous: roomStatusSchema,
  at: z.iso.datetime(),
});

/** Renamed, moved to another site, or remote access turned on or off for it. */
export const roomUpdatedEventSchema = z.object({
  type: z.literal('room.updated'),
  ...roomRef,
  previousSiteId: z.string().nullable(),
  remoteAccessAllowed: z.boolean(),
});

/** Deleted, or (`retired`) retired: it leaves the lists, its agent and sessions end. */
export const roomDeletedEventSchema = z.object({ type: z.literal('room.deleted'), ...roomRef, retired: z.boolean().optional() });

function incidentEvent<T extends string>(type: T) {
  return z.object({ type: z.literal(type), ...roomRef, incident: incidentViewSchema });
}
export const incidentOpenedEventSchema = incidentEvent('incident.opened');
export const incidentResolvedEventSchema = incidentEvent('incident.resolved');
export const incidentAcknowledgedEventSchema = incidentEvent('incident.acknowledged');

/** Session events go only to those who hold Remote access on the room, and to the session's own user. */
function sessionEvent<T extends string>(type: T) {
  return z.object({ type: z.literal(type), ...roomRef, session: sessionViewSchema });
}
export const sessionStartedEventSchema = sessionEvent('session.started');
/** Paired (now active), or its byte counts moved on. */
export const sessionUpdatedEventSchema = sessionEvent('session.updated');
export const sessionEndedEventSchema = sessionEvent('session.ended');

/** The organisation's remote access was turned off; `by` is who did it (an email, or `system`). */
export const remoteAccessDisabledEventSchema = z.object({ type: z.literal('remoteAccess.disabled'), by: z.string() });

export const SETTINGS_KEYS = ['general', 'oidc', 'agentUpdates', 'incidents'] as const;
export const settingsChangedEventSchema = z.object({ type: z.literal('settings.changed'), key: z.enum(SETTINGS_KEYS) });

export const liveEventSchema = z.discriminatedUnion('type', [
  roomStatusEventSchema,
  roomUpdatedEventSchema,
  roomDeletedEventSchema,
  incidentOpenedEventSchema,
  incidentResolvedEventSchema,
  incidentAcknowledgedEventSchema,
  sessionStartedEventSchema,
  sessionUpdatedEventSchema,
  sessionEndedEventSchema,
  remoteAccessDisabledEventSchema,
  settingsChangedEventSchema,
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventType = LiveEvent['type'];

export const LIVE_EVENT_TYPES: readonly LiveEventType[] = liveEventSchema.options.map((o) => o.shape.type.value);

/** An event that failed to parse: its `type` is not one we know, or its fields are wrong. */
export class EventParseError extends Error {
  override readonly name = 'EventParseError';
  constructor(
    readonly code: 'UNKNOWN_EVENT' | 'INVALID_EVENT',
    message: string,
  ) {
    super(message);
  }
}

/** Parses a decoded event with a discriminated union's schema; throws EventParseError. */
export function parseEventWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const unknownType = issue?.code === 'invalid_union' && issue.path.length === 1 && issue.path[0] === 'type';
  throw new EventParseError(unknownType ? 'UNKNOWN_EVENT' : 'INVALID_EVENT', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
}

/** Parses the JSON value of one live event; throws EventParseError on anything else. */
export function parseLiveEvent(value: unknown): LiveEvent {
  return parseEventWith(liveEventSchema, value);
}
