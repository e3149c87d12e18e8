// The server under test, as a child process of the benchmark: the real createApp with the
// configuration from the environment, without the portal's static files (not measured).
import { createApp, LISTEN_BACKLOG, loadConfig } from '@roomwarden/server';

const config = loadConfig();
const rw = await createApp(config, { serveWeb: false, logger: { level: process.env.ROOMWARDEN_LOG_LEVEL ?? 'warn' } });
await rw.services.bootstrap.ensureAdministrator(config.adminEmail, config.adminPassword);
// The product's accept queue (run-server.ts), so that a burst of reconnections is measured as it would be served.
await rw.app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
process.send?.({ type: 'ready', port: config.port, database: rw.database.kind });
// The benchmark asks for a full garbage collection before it reads RSS, so that figures
// taken at different moments compare live memory rather than the collector's timing.
process.on('message', (msg: { type?: string }) => {
  if (msg.type !== 'gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ type: 'gc-done' });
});
const stop = () => {
  rw.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
