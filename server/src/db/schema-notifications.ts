// The tables of notifications (migration 0012): channels, the outbox and its attempts.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './schema.ts';

export interface NotificationChannelsTable {
  id: string;
  type: 'email' | 'webhook' | 'teams' | 'slack';
  name: string;
  enabled: boolean;
  events: JSONColumnType<string[]>;
  min_severity: string;
  scope: JSONColumnType<{ allRooms: boolean; siteIds: string[]; roomGroupIds: string[]; roomIds: string[] }>;
  addresses: JSONColumnType<string[]>;
  url: string | null;
  /** webhook: the signing secret, sealed with the secret box. */
  secret: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface NotificationOutboxTable {
  id: string;
  channel_id: string | null;
  channel_type: 'email' | 'webhook' | 'teams' | 'slack';
  recipient: string | null;
  recipient_user_id: string | null;
  event: string;
  room_id: string | null;
  storm_key: string | null;
  body: JSONColumnType<{ type: string; timestamp: string; data: Record<string, unknown> }>;
  state: ColumnType<'pending' | 'sending' | 'sent' | 'dead', 'pending' | 'sending' | 'sent' | 'dead' | undefined, 'pending' | 'sending' | 'sent' | 'dead'>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  sent_at: Timestamp | null;
}

export interface NotificationAttemptsTable {
  id: string;
  outbox_id: string;
  at: Timestamp;
  outcome: 'sent' | 'failed';
  status_code: number | null;
  answer: string | null;
  error: string | null;
  duration_ms: number;
}
