export { createApp, type RoomwardenApp, type CreateAppOptions } from './app.ts';
export { loadConfig, type Config } from './config.ts';
