// A Roomwarden node in a process of its own, on a data directory (PGlite), for the outbox's
// crash test: argv is the data directory, the port and the secrets key. Prints "ready" once
// it listens. Notification timings are short so that a retry comes quickly.
import { DEFAULT_TIMINGS } from '../../src/config.ts';
import { createApp, loadConfig } from '../../src/index.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app.ts';

const [dataDir, port, key] = process.argv.slice(2) as [string, string, string];
const config = loadConfig(
  { ROOMWARDEN_LOG_LEVEL: 'silent', ROOMWARDEN_DATA_DIR: dataDir, ROOMWARDEN_PORT: port, ROOMWARDEN_HOST: '127.0.0.1', ROOMWARDEN_PUBLIC_URL: `http://127.0.0.1:${port}`, ROOMWARDEN_SECRETS_KEY: key },
  { timings: { ...DEFAULT_TIMINGS, notificationPollMs: 200, notificationRetryBaseMs: 300 } },
);
const rw = await createApp(config, { serveWeb: false, logger: false });
await rw.services.bootstrap.ensureAdministrator(ADMIN_EMAIL, ADMIN_PASSWORD);
await rw.app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');
