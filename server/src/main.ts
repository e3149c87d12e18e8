// Entry point: `npm start` runs this (through scripts/start.mjs).
import { configOrExit, runServer } from './run-server.ts';

runServer(configOrExit()).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
