// Entry point: configuration, first-start administrator, listen, graceful shutdown.
import { ConfigError, loadConfig } from './config.ts';
import { createApp } from './app.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const rw = await createApp(config);
  const admin = await rw.services.bootstrap.ensureAdministrator(config.adminEmail, config.adminPassword);
  if (admin.generatedPassword) {
    // Printed once, to the terminal only, never to the structured log.
    process.stdout.write(
      `\n  Roomwarden first start: the built-in Administrator is\n    email:    ${admin.email}\n    password: ${admin.generatedPassword}\n  Keep it safe; it is not shown again.\n\n`,
    );
  }
  await rw.app.listen({ port: config.port, host: config.host });
  rw.app.log.info({ url: config.publicUrl, database: rw.database.kind, region: config.region }, 'Roomwarden is listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    rw.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    rw.close().then(
      () => process.exit(0),
      (err: unknown) => {
        rw.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
