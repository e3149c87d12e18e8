// A portal with simulated rooms for the browser tests: the real server, a site, a fleet
// of simulated agents (real agents' protocol, real WebSockets, a synthetic VNC desktop
// each) enrolled into it, every room healthy, and the Administrator signed in in Chromium.
// dispose() stops the browser, the fleet and the server.
import { startFleet, type Fleet } from '@roomwarden/sim';
import { E2eApi } from './api.ts';
import { openBrowser, signIn, type BrowserSession } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';
import { stopAll, waitUntil } from './x11-vnc.ts';

export interface SimulatedRoomsOptions {
  rooms: number;
  /** The fleet's seed (names and signals follow from it). */
  seed: number;
  /** The organisation's remote access setting, and whom users are told to ask. */
  remoteAccess: { enabled: boolean; contactEmail: string };
  /** The enrollment token's label. */
  tokenLabel?: string;
}

export interface SimulatedRooms {
  server: RunningServer;
  /** Signed in as the Administrator. */
  api: E2eApi;
  fleet: Fleet;
  /** The rooms, by name. */
  rooms: Array<{ id: string; name: string; status: string }>;
  /** The Administrator's browser, signed in. */
  admin: BrowserSession;
  dispose: () => Promise<void>;
}

export async function simulatedRooms(options: SimulatedRoomsOptions): Promise<SimulatedRooms> {
  let server: RunningServer | undefined;
  let fleet: Fleet | undefined;
  let admin: BrowserSession | undefined;
  const dispose = () =>
    stopAll([
      ['browser', admin?.close],
      ['fleet', fleet?.stop],
      ['server', server?.stop],
    ]);
  try {
    server = await startServer();
    const api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    const site = await api.call<{ id: string }>('POST', '/sites', { name: 'Oslo HQ' });
    const token = await api.call<{ token: string }>('POST', '/enrollment-tokens', { maxUses: options.rooms, siteId: site.id, region: 'eu-north', ...(options.tokenLabel ? { label: options.tokenLabel } : {}) });
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: options.remoteAccess.enabled, remoteAccessContactEmail: options.remoteAccess.contactEmail });
    fleet = await startFleet({ server: server.url, token: token.token, rooms: options.rooms, failureRate: 0, probeIntervalMs: 1000, vnc: true, seed: options.seed });
    // Every room enrolled, connected and reported.
    const healthy = async () => (await api.call<{ healthy: number }>('GET', '/rooms/summary')).healthy === options.rooms;
    await waitUntil(healthy, 60_000, `every simulated room (${options.rooms}) healthy`);
    const rooms = (await api.call<{ items: SimulatedRooms['rooms'] }>('GET', '/rooms?sort=name')).items;
    admin = await openBrowser(server.url);
    await signIn(admin.page, server.adminEmail, server.adminPassword);
    return { server, api, fleet, rooms, admin, dispose };
  } catch (err) {
    await dispose().catch((cleanup: unknown) => console.error((cleanup as Error).message));
    throw err;
  }
}
