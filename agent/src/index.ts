// @roomwarden/agent: the room-device agent library (the CLI and the simulator use it).
export { AGENT_VERSION } from './version.ts';
export { ManualClock, systemClock, type Clock, type TimerHandle } from './clock.ts';
export { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
export { ReportBuffer, type BufferedReport } from './report-buffer.ts';
export { OutboundPacer } from './outbound-pacer.ts';
export { credentialsSchema, CredentialsError, defaultConfigPath, readCredentials, writeCredentials, type Credentials } from './credentials.ts';
export { machineId } from './machine-id.ts';
export { enroll, EnrollError, currentPlatform, type EnrollOptions } from './enroll.ts';
export {
  AgentConnection,
  silentLogger,
  type AgentConnectionEvents,
  type AgentConnectionOptions,
  type AgentLogger,
  type AgentState,
  type StopReason,
} from './agent-connection.ts';
export type { SessionCallbacks, SessionFailureReason, SessionHandler, SessionHandlerFactory, SessionOpenCommand, VncDisplay, VncOptions } from './session-handler.ts';
export { asDisplays, createSessionHandler, createVncSessionHandler, selectDisplay, VncBridge, RelayLink, relayUrlWithTicket, MAX_CONCURRENT_SESSIONS } from './vnc/index.ts';
export type { BridgeEvents, BridgeTimeouts, RelayLinkEvents, RelayLinkOptions } from './vnc/index.ts';
export { runCommand, signal, unknown, type CommandResult, type CommandRunner, type Probe } from './probes/probe.ts';
export { SignalTracker } from './probes/signal-tracker.ts';
export { LinuxProbe, type LinuxProbeOptions } from './probes/linux/linux-probe.ts';
export { WindowsProbe } from './probes/windows/windows-probe.ts';
export { SimulatedProbe, seededRandom, MEETING_SLOT_MS, SIMULATED_PERIPHERALS, type SimulatedPeripheral, type SimulatedProbeOptions, type SimulatedRoomView } from './probes/simulated-probe.ts';
export { createProbe } from './probes/create-probe.ts';
export {
  createNoticeDisplay,
  DEFAULT_BAR_PX,
  LABEL_TEXT_COLOUR,
  NoticeController,
  noticeText,
  RING_COLOUR,
  ringLayout,
  toLatin1,
  wantedNotice,
  type NoticeDisplay,
  type NoticeRect,
  type RingLayout,
  type WantedNotice,
} from './notice/index.ts';
export { ActionRunner, actionCommands, defaultActionCommands, DEFAULT_ACTION_TIMEOUT_MS, type ActionCommands, type ActionRunResult } from './actions/index.ts';
