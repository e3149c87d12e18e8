// `npm run demo`: a Roomwarden server on the embedded database plus a simulated fleet of
// rooms (each a real agent over a real WebSocket, with a built-in VNC screen), enrolled
// automatically, so that the portal has something to show at once.
//
// The demo keeps its own data directory (./data/demo unless ROOMWARDEN_DATA_DIR says
// otherwise) and the fleet's credentials in it, so a second run finds the same rooms.
import path from 'node:path';
import fs from 'node:fs';
import { configOrExit, runServer, systemContext } from '@roomwarden/server';
import { startFleet, type Fleet } from '@roomwarden/sim';

const ROOMS = Number(process.env.ROOMWARDEN_DEMO_ROOMS ?? 12);
const env = { ...process.env, ROOMWARDEN_DATA_DIR: process.env.ROOMWARDEN_DATA_DIR ?? path.resolve('data', 'demo') };
const config = configOrExit(env);
fs.mkdirSync(config.dataDir, { recursive: true });

const server = await runServer(config);
const system = systemContext('demo');
const systemGrants = await server.rw.services.authz.grantsFor(system.principal);

// Three sites of four rooms each; each site's rooms enroll with a token pinned to it.
const SITES = ['Oslo HQ', 'Amsterdam Office', 'London Campus'];
const existing = (await server.rw.services.sites.list({ limit: 200 })).items;
const fleets: Fleet[] = [];
for (const [i, siteName] of SITES.entries()) {
  const site = existing.find((s) => s.name === siteName) ?? (await server.rw.services.sites.create(system, systemGrants, { name: siteName }));
  const count = Math.floor(ROOMS / SITES.length) + (i < ROOMS % SITES.length ? 1 : 0);
  if (count === 0) continue;
  const token = await server.rw.services.enrollment.createToken(system, { maxUses: count, expiresInMinutes: 10, siteId: site.id, label: `demo fleet: ${siteName}` });
  const stateDir = path.join(config.dataDir, 'fleet', String(i));
  fs.mkdirSync(stateDir, { recursive: true });
  fleets.push(
    await startFleet({
      server: `http://127.0.0.1:${config.port}`,
      token: token.token,
      rooms: count,
      vnc: true,
      failureRate: 0.04,
      recoverySec: 90,
      seed: i + 1,
      stateDir,
    }),
  );
}
server.onShutdown(async () => {
  await Promise.all(fleets.map((f) => f.stop()));
});

const rooms = fleets.reduce((n, f) => n + f.stats().rooms, 0);
process.stdout.write(
  `\n  Roomwarden demo: ${rooms} simulated rooms are reporting (peripherals fail and recover as you watch).\n` +
    `    Portal:   ${config.publicUrl}\n` +
    `    Sign in:  ${server.admin.email}${server.admin.generatedPassword ? ' with the password printed above' : ' with the password you chose on the first demo run'}\n` +
    `    Try:      Settings > General: allow remote access; a room: Start session (simulated VNC screen).\n` +
    `    Data:     ${config.dataDir} (delete it to start over)\n\n`,
);
