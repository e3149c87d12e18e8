// What the gateway holds in memory per connection and per room, and what it shows of it.
import type { WebSocket } from 'ws';
import { inMeetingOf, type AgentPlatform, type AgentUpdateStatus, type RoomAction, type SignalState } from '@roomwarden/protocol';
import type { RoomHealth } from '../health/health.service.ts';

export interface GatewayTimings {
  heartbeatIntervalSec: number;
  fullReportIntervalSec: number;
  offlineAfterMissedHeartbeats: number;
  helloTimeoutMs: number;
  agentSweepMs: number;
  lastSeenFlushMs: number;
}

export interface AgentInfo {
  agentVersion: string;
  platform: AgentPlatform;
  hostname: string;
  osVersion: string | null;
  vnc: boolean;
  /** The displays the agent announced in hello, the default first ([] when it announced none). */
  displays: string[];
  /** The room actions the agent has a command for (hello capabilities.actions). */
  actions?: RoomAction[];
  /** How the agent's last self-update went, as it said in hello or update.status. */
  lastUpdate?: AgentUpdateStatus | null;
}

/** What the API shows of a room's live agent connection. */
export interface LiveAgent {
  deviceId: string;
  connected: boolean;
  connectedAt: string | null;
  lastHeartbeatAt: string | null;
  info: AgentInfo | null;
  nodeId: string;
}

export interface AgentConn {
  deviceId: string;
  roomId: string;
  socket: WebSocket;
  connectedAt: number;
  helloAt: number | null;
  windowStart: number;
  windowCount: number;
  info: AgentInfo | null;
  /** What the devices row holds of hello, to write it only when it changes. */
  stored: string;
  closed: boolean;
}

export interface RoomEntry {
  health: RoomHealth;
  conn: AgentConn | null;
  lastHeartbeatAt: number;
  lastSeenDirty: boolean;
  queue: Promise<void>;
}

/** What hello says that the devices row stores, as one comparable string. */
export function helloKey(hostname: string, platform: string, agentVersion: string, osVersion: string | null, capabilities: unknown): string {
  return JSON.stringify([hostname, platform, agentVersion, osVersion, capabilities]);
}

/** The room's meeting state from its `inMeeting` signal as the health engine holds it (a null value is no value). */
export function meetingOf(signal: { state: SignalState; value: string | null } | undefined): boolean | undefined {
  return signal && inMeetingOf({ state: signal.state, value: signal.value ?? undefined });
}
