// Notifications (issue 14 C): SMTP settings, channels and deliveries, area settings (View to read, Modify to change).
import type { Fixtures, MatrixCase } from '../model.ts';

const VIEW = { area: 'settings', level: 'view' } as const;
const MODIFY = { area: 'settings', level: 'modify' } as const;
/** Nothing listens there: a test notification fails fast and is retried, harmlessly. */
const NOWHERE = 'http://127.0.0.1:9/hook';

async function channel(fx: Fixtures, type: 'webhook' | 'slack' = 'webhook'): Promise<string> {
  const res = await fx.admin.post('notification-channels', { type, name: fx.unique('pm-channel'), events: [], url: NOWHERE });
  if (res.status !== 201) throw new Error(`channel: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export const notificationsCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/settings/notifications', permission: VIEW, ok: 200, request: () => ({ path: 'settings/notifications' }) },
  { method: 'PUT', url: '/api/v1/settings/notifications', permission: MODIFY, ok: 200, request: () => ({ path: 'settings/notifications', body: { smtp: { port: 587 } } }) },
  { method: 'GET', url: '/api/v1/notification-channels', permission: VIEW, ok: 200, request: () => ({ path: 'notification-channels' }) },
  {
    method: 'POST',
    url: '/api/v1/notification-channels',
    permission: MODIFY,
    ok: 201,
    request: (fx) => ({ path: 'notification-channels', body: { type: 'slack', name: fx.unique('pm-new'), events: ['room.offline'], url: NOWHERE } }),
  },
  { method: 'GET', url: '/api/v1/notification-channels/:id', permission: VIEW, ok: 200, request: async (fx) => ({ path: `notification-channels/${await channel(fx)}` }) },
  { method: 'PATCH', url: '/api/v1/notification-channels/:id', permission: MODIFY, ok: 200, request: async (fx) => ({ path: `notification-channels/${await channel(fx)}`, body: { enabled: false } }) },
  { method: 'PUT', url: '/api/v1/notification-channels/:id', permission: MODIFY, ok: 200, request: async (fx) => ({ path: `notification-channels/${await channel(fx)}`, body: { minSeverity: 'high' } }) },
  { method: 'DELETE', url: '/api/v1/notification-channels/:id', permission: MODIFY, ok: 204, request: async (fx) => ({ path: `notification-channels/${await channel(fx)}` }) },
  { method: 'POST', url: '/api/v1/notification-channels/:id/rotate-secret', permission: MODIFY, ok: 200, request: async (fx) => ({ path: `notification-channels/${await channel(fx)}/rotate-secret` }) },
  { method: 'POST', url: '/api/v1/notification-channels/:id/test', permission: MODIFY, ok: 202, request: async (fx) => ({ path: `notification-channels/${await channel(fx, 'slack')}/test` }) },
  {
    method: 'POST',
    url: '/api/v1/settings/notifications/test-email',
    permission: MODIFY,
    ok: 202,
    request: () => ({ path: 'settings/notifications/test-email', body: { to: 'pm-test@contoso.com' } }),
  },
  { method: 'GET', url: '/api/v1/notification-deliveries', permission: VIEW, ok: 200, request: () => ({ path: 'notification-deliveries' }) },
];
