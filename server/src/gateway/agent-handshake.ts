// The hello/welcome handshake of an agent's control connection, and the holder checks
// (agent-holders.ts) the gateway makes around it: what an agent's hello records on its
// connection and device, the welcome it is answered with (timings, this server's build
// for its platform, the live gateways of a cluster), and which node watches its room.
import type { AgentMessage, AgentPlatform, AgentRelease, ServerMessage } from '@roomwarden/protocol';
import type { AgentRoomsRepository } from '../repositories/agent-rooms.repository.ts';
import type { DevicesRepository } from '../repositories/devices.repository.ts';
import type { AgentHolders } from './agent-holders.ts';
import { helloKey, type AgentConn, type GatewayTimings } from './agent-state.ts';

type HelloMessage = Extract<AgentMessage, { type: 'hello' }>;
type WatchedRoom = { id: string; name: string; siteId: string | null; status: string };

/** What welcome offers an agent of its platform's build (the releases module). */
export interface AgentReleaseOffers {
  offerFor(platform: AgentPlatform): { agentRelease?: AgentRelease; autoUpdate?: boolean };
}

export interface AgentHandshakeDeps {
  rooms: Pick<AgentRoomsRepository, 'notOffline'>;
  devices: Pick<DevicesRepository, 'recordHello'>;
  timings: Pick<GatewayTimings, 'heartbeatIntervalSec' | 'fullReportIntervalSec'>;
  /** In a cluster: the control-connection URLs of the live nodes of this node's region, for welcome (the agent fails over to them). */
  liveGateways?: (() => readonly string[]) | undefined;
  /** In a cluster: where this node records the rooms whose agents it watches (agent-holders.ts). */
  holders?: AgentHolders | undefined;
}

export class AgentHandshake {
  #releases: AgentReleaseOffers | undefined;

  constructor(private readonly deps: AgentHandshakeDeps) {}

  /** Welcome tells each agent of this server's build for its platform (self-update). */
  useAgentReleases(offers: AgentReleaseOffers): void {
    this.#releases = offers;
  }

  /** Records the hello on the connection and returns the welcome to send. */
  hello(conn: AgentConn, msg: HelloMessage, roomName: string, now: number): ServerMessage {
    conn.helloAt = now;
    conn.info = { agentVersion: msg.agentVersion, platform: msg.platform, hostname: msg.hostname, osVersion: msg.osVersion ?? null, vnc: msg.capabilities.vnc, displays: msg.capabilities.displays ?? [], actions: msg.capabilities.actions ?? [], lastUpdate: msg.lastUpdate ?? null };
    return {
      type: 'welcome',
      deviceId: conn.deviceId,
      roomId: conn.roomId,
      roomName,
      heartbeatIntervalSec: this.deps.timings.heartbeatIntervalSec,
      fullReportIntervalSec: this.deps.timings.fullReportIntervalSec,
      serverTime: new Date(now).toISOString(),
      ...this.#releases?.offerFor(msg.platform),
      ...this.#gateways(),
    };
  }

  /** Writes what the hello changed of the device, and (in a cluster) that this node now watches the room's agent. */
  async recordHello(conn: AgentConn, msg: HelloMessage): Promise<void> {
    // The holder first: after a node's loss, the survivor that adopted its rooms lets a room go
    // instead of marking it offline as soon as this is written (agent-holders.ts).
    await this.deps.holders?.hold(conn.roomId);
    const key = helloKey(msg.hostname, msg.platform, msg.agentVersion, msg.osVersion ?? null, msg.capabilities);
    if (key !== conn.stored) {
      await this.deps.devices.recordHello(conn.deviceId, { hostname: msg.hostname, platform: msg.platform, agentVersion: msg.agentVersion, osVersion: msg.osVersion ?? null, capabilities: msg.capabilities });
      conn.stored = key;
    }
  }

  /** The rooms to watch at start: one node watches every room not offline; a cluster node only those it held (the others' are theirs, or the sweep's). */
  async roomsToWatch(): Promise<WatchedRoom[]> {
    return this.deps.holders ? await this.deps.holders.heldHere() : await this.deps.rooms.notOffline();
  }

  /** Whether another node of the cluster watches the room's agent now (never on one node). */
  async heldElsewhere(roomId: string): Promise<boolean> {
    return (await this.deps.holders?.heldElsewhere(roomId)) ?? false;
  }

  /** This node no longer watches the room's agent (it went offline here). */
  async release(roomId: string): Promise<void> {
    await this.deps.holders?.release(roomId);
  }

  #gateways(): { gateways?: string[] } {
    const urls = this.deps.liveGateways?.() ?? [];
    return urls.length > 0 ? { gateways: [...urls] } : {};
  }
}
