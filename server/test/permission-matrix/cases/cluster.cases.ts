// Cluster (issue 12): the live nodes, area settings (View).
import type { MatrixCase } from '../model.ts';

export const clusterCases: MatrixCase[] = [{ method: 'GET', url: '/api/v1/cluster', permission: { area: 'settings', level: 'view' }, ok: 200, request: () => ({ path: 'cluster' }) }];
