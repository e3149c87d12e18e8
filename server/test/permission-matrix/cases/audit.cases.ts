// Audit log (foundation).
import type { MatrixCase } from '../model.ts';

const VIEW = { area: 'audit', level: 'view' } as const;

export const auditCases: MatrixCase[] = [
  { method: 'GET', url: '/api/v1/audit', permission: VIEW, ok: 200, request: () => ({ path: 'audit?limit=5' }) },
  { method: 'GET', url: '/api/v1/audit/verify', permission: VIEW, ok: 200, request: () => ({ path: 'audit/verify' }) },
  { method: 'GET', url: '/api/v1/audit/export', permission: VIEW, ok: 200, request: () => ({ path: 'audit/export?format=jsonl' }) },
];
