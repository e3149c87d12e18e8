// `npm run demo`: a Roomwarden server on the embedded database plus a simulated fleet of
// rooms (each a real agent over a real WebSocket, with a built-in VNC screen), enrolled
// automatically, so that the portal has something to show at once.
//
// The demo keeps its own data directory (./data/demo unless ROOMWARDEN_DATA_DIR says
// otherwise) and the fleet's credentials in it, so a second run finds the same rooms.
import path from 'node:path';
import fs from 'node:fs';
import { configOrExit, runServer, systemCaller } from '@roomwarden/server';
import { startFleet } from '@roomwarden/sim';

const ROOMS = Number(process.env.ROOMWARDEN_DEMO_ROOMS ?? 12);
const env = { ...process.env, ROOMWARDEN_DATA_DIR: process.env.ROOMWARDEN_DATA_DIR ?? path.resolve('data', 'demo') };
const config = configOrExit(env);
fs.mkdirSync(config.dataDir, { recursive: true });

const server = await runServer(config);
const system = systemCaller('demo');

const token = await server.rw.services.enrollment.createToken(system, { maxUses: ROOMS, expiresInMinutes: 10, label: 'demo fleet' });
const stateDir = path.join(config.dataDir, 'fleet');
fs.mkdirSync(stateDir, { recursive: true });
const fleet = await startFleet({
  server: `http://127.0.0.1:${config.port}`,
  token: token.token,
  rooms: ROOMS,
  vnc: true,
  // A peripheral fails about every 25 minutes per room and recovers in about 90 s:
  // with a dozen rooms something changes every couple of minutes.
  failureRate: 0.04,
  recoverySec: 90,
  // Rooms hold meetings in 40 % of half-hour slots: a start then asks for an override.
  meetingShare: 0.4,
  stateDir,
});
server.onShutdown(() => fleet.stop());

// Sites by the city in the simulated room names ("Oslo – Fjord 1"), so that roles can
// be scoped by site in the demo. Done through the same services (and audit) as the API.
const SITES: Record<string, string[]> = {
  Nordics: ['Oslo', 'Bergen', 'Stockholm', 'Copenhagen', 'Helsinki'],
  'Central Europe': ['Berlin', 'Amsterdam', 'Paris', 'Vienna', 'Zurich', 'Prague', 'Warsaw'],
  'UK & Iberia': ['London', 'Dublin', 'Lisbon', 'Madrid'],
};
const existing = (await server.rw.services.sites.list(system, { limit: 200 })).items;
for (const [siteName, cities] of Object.entries(SITES)) {
  const site = existing.find((s) => s.name === siteName) ?? (await server.rw.services.sites.create(system, { name: siteName }));
  for (const room of fleet.rooms) {
    if (!cities.some((c) => room.name.startsWith(`${c} `))) continue;
    const current = await server.rw.services.rooms.get(system, room.credentials.roomId);
    if (current.siteId !== site.id) await server.rw.services.rooms.update(system, room.credentials.roomId, { siteId: site.id });
  }
}

const rooms = fleet.stats().rooms;
process.stdout.write(
  `\n  Roomwarden demo: ${rooms} simulated rooms are reporting (peripherals fail and recover as you watch).\n` +
    `    Portal:   ${config.publicUrl}\n` +
    `    Sign in:  ${server.admin.email}${server.admin.generatedPassword ? ' with the password printed above' : ' with the password you chose on the first demo run'}\n` +
    `    Try:      Settings > General: allow remote access; a room: Start session (simulated VNC screen).\n` +
    `    Data:     ${config.dataDir} (delete it to start over)\n\n`,
);
