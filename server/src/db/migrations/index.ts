// The ordered list of migrations. Forward-only: add a file, never edit one that landed.
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0003 from './0003-agents-health.ts';
import * as m0004 from './0004-remote-sessions.ts';
import * as m0005 from './0005-sso-scim.ts';
import * as m0006 from './0006-session-observers.ts';
import * as m0007 from './0007-session-display.ts';
import * as m0008 from './0008-room-actions.ts';
import * as m0009 from './0009-assignments-room-groups.ts';
import * as m0010 from './0010-assignments-only.ts';
import * as m0011 from './0011-rooms-incidents.ts';
import * as m0012 from './0012-notifications.ts';
import * as m0013 from './0013-cluster-nodes.ts';
import * as m0014 from './0014-cluster-state.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0003-agents-health': m0003,
  '0004-remote-sessions': m0004,
  '0005-sso-scim': m0005,
  '0006-session-observers': m0006,
  '0007-session-display': m0007,
  '0008-room-actions': m0008,
  '0009-assignments-room-groups': m0009,
  '0010-assignments-only': m0010,
  '0011-rooms-incidents': m0011,
  '0012-notifications': m0012,
  '0013-cluster-nodes': m0013,
  '0014-cluster-state': m0014,
};
