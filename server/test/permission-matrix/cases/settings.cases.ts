// Settings > General (foundation).
import type { MatrixCase } from '../model.ts';

export const settingsCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/settings/general', permission: { area: 'settings', level: 'view' }, ok: 200, request: () => ({ path: 'settings/general' }) },
  {
    method: 'PUT',
    url: '/api/v1/settings/general',
    permission: { area: 'settings', level: 'modify' },
    ok: 200,
    request: () => ({ path: 'settings/general', body: { sessionIdleTimeoutMinutes: 30 } }),
  },
];
