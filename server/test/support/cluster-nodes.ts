// Several nodes of one cluster in this process, for the PostgreSQL-only tests: each a real
// app from createApp on the same database and secrets key, listening on a free port.
import type { CreateAppOptions, RoomwardenApp } from '../../src/app.ts';
import { createApp, loadConfig } from '../../src/index.ts';
import { freePort } from './free-port.ts';

export interface ClusterNode {
  id: string;
  rw: RoomwardenApp;
  base: string;
}

export async function startClusterNode(databaseUrl: string, nodeId: string, secretsKey: Buffer, options: CreateAppOptions = {}, env: Record<string, string> = {}): Promise<ClusterNode> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({ ROOMWARDEN_LOG_LEVEL: 'silent', ROOMWARDEN_PUBLIC_URL: base, ROOMWARDEN_NODE_ID: nodeId, DATABASE_URL: databaseUrl, ...env }, { secretsKey });
  const rw = await createApp(config, { logger: false, serveWeb: false, ...options });
  await rw.app.listen({ port, host: '127.0.0.1' });
  return { id: nodeId, rw, base };
}
