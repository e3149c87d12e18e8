// @roomwarden/sim: a simulated fleet of rooms for the demo, the tests and the benchmarks.
export { startFleet, type Fleet, type FleetOptions, type FleetStats, type SimRoom } from './fleet.ts';
export { roomName } from './room-names.ts';
export { parseSimArgs, simMain, SIM_USAGE, SimUsageError } from './cli.ts';
export { startRfbServer, RfbViewer, connectTcpViewer, connectWsViewer, CONSOLE_COLOURS, type RfbServer, type RfbServerOptions, type RfbServerInspection } from './rfb/index.ts';
