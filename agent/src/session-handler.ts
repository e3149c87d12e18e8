// The seam between the agent's control connection and a remote-session bridge (the VNC
// bridge in agent/src/vnc implements it). On `session.open` the connection calls
// `open()`; the handler reports what happened through the callbacks, which the
// connection turns into `session.opened` / `session.failed` / `session.closed` frames.

export interface SessionOpenCommand {
  sessionId: string;
  mode: 'control' | 'view';
  /** Absolute ws(s) URL of /api/v1/sessions/:id/agent, the one-time ticket in its query string. */
  relayUrl: string;
  ticket: string;
  /** Which display (session.open's display); absent: the default, the first. */
  display?: string;
}

/** `session.observe`: one more, view-only, data connection of a live session, for one observer. */
export interface SessionObserveCommand {
  sessionId: string;
  observerId: string;
  relayUrl: string;
  ticket: string;
}

/** Why a session could not start (the `reason` of a session.failed frame). */
export type SessionFailureReason = 'vnc_unreachable' | 'vnc_auth_failed' | 'vnc_protocol_error' | 'relay_unreachable' | 'busy';

export interface SessionCallbacks {
  /** The bridge is spliced: the viewer sees the desktop. */
  opened(sessionId: string): void;
  /** The session never started. */
  failed(sessionId: string, reason: SessionFailureReason, message?: string): void;
  /** A session that was opened has ended. */
  closed(sessionId: string, reason: string, bytes: { toViewer: number; fromViewer: number }): void;
}

export interface SessionHandler {
  /**
   * Starts a session. Resolves once the attempt is under way or settled; the outcome is
   * reported through the callbacks (exactly one of opened/failed, then closed after opened).
   */
  open(cmd: SessionOpenCommand): Promise<void>;
  /** Ends a session (server asked, or the agent is stopping), and its observers' connections; reported through `closed`. */
  close(sessionId: string, reason: string): void;
  /**
   * Bridges one observer of a live session: a view-only RFB client of the local VNC server
   * (shared, so the controller stays connected) spliced to the relay. Nothing is reported:
   * the server sees the data connection open and close.
   */
  observe?(cmd: SessionObserveCommand): void;
}

/** Options the CLI passes to a session handler factory (`run --vnc --vnc-password-file`). */
export interface VncOptions {
  /** host:port of the local VNC server, e.g. 127.0.0.1:5900. */
  host: string;
  port: number;
  /** The VNC password, read from --vnc-password-file; never sent to the server. */
  password?: string;
}

/** One display the agent bridges (`--vnc NAME=HOST:PORT`): its name and its VNC server. */
export interface VncDisplay extends VncOptions {
  name: string;
}

/**
 * What agent/src/vnc/index.ts exports as `createSessionHandler` so the CLI can plug it in:
 * one VNC server (one display, "main"), or several named displays, the default first.
 */
export type SessionHandlerFactory = (options: VncOptions | readonly VncDisplay[], callbacks: SessionCallbacks) => SessionHandler;
