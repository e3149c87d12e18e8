export { createApp, type RoomwardenApp, type CreateAppOptions } from './app.ts';
export { loadConfig, type Config } from './config.ts';
export { runServer, configOrExit, LISTEN_BACKLOG, type RunningServer } from './run-server.ts';
export { systemCaller } from './access/caller.ts';
