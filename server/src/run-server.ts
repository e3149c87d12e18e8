// Starting a node as an operator does: configuration, first-start administrator, listen,
// graceful shutdown on SIGTERM/SIGINT. Used by main.ts and the demo.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createApp, type RoomwardenApp } from './app.ts';

export interface RunningServer {
  rw: RoomwardenApp;
  config: Config;
  admin: { created: boolean; email: string; generatedPassword?: string };
  /** Extra work to do before the app closes on a signal (the demo stops its fleet). */
  onShutdown(task: () => Promise<void>): void;
}

export function configOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** A deep accept queue: after a node's loss or a restart, thousands of agents connect at once (the default, 511, drops their SYNs). */
export const LISTEN_BACKLOG = 4096;

export async function runServer(config: Config): Promise<RunningServer> {
  const rw = await createApp(config);
  const admin = await rw.services.bootstrap.ensureAdministrator(config.adminEmail, config.adminPassword);
  if (admin.generatedPassword) {
    // Printed once, to the terminal only, never to the structured log.
    process.stdout.write(
      `\n  Roomwarden first start: the built-in Administrator is\n    email:    ${admin.email}\n    password: ${admin.generatedPassword}\n  Keep it safe; it is not shown again.\n\n`,
    );
  }
  await rw.app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
  rw.app.log.info({ url: config.publicUrl, database: rw.database.kind, region: config.region }, 'Roomwarden is listening');

  const tasks: Array<() => Promise<void>> = [];
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    rw.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    Promise.allSettled(tasks.map((t) => t()))
      .then(() => rw.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          rw.app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return { rw, config, admin, onShutdown: (task) => tasks.push(task) };
}
