// The agent's VNC bridge: implements the session handler the control connection calls on
// `session.open` / `session.close` (see ../session-handler.ts).
import type { SessionCallbacks, SessionHandler, SessionHandlerFactory, SessionObserveCommand, SessionOpenCommand, VncDisplay, VncOptions } from '../session-handler.ts';
import { asDisplays, selectDisplay } from './display-selection.ts';
import { DEFAULT_TIMEOUTS, VncBridge } from './vnc-bridge.ts';
import type { BridgeTimeouts } from './vnc-bridge.ts';

import type { RelayLinkOptions } from './relay-transport.ts';

export { VncBridge, relayUrlWithTicket } from './vnc-bridge.ts';
export { asDisplays, selectDisplay } from './display-selection.ts';
export type { BridgeEvents, BridgeTimeouts } from './vnc-bridge.ts';
export { RelayLink } from './relay-transport.ts';
export type { RelayLinkEvents, RelayLinkOptions } from './relay-transport.ts';

/** Sessions one agent bridges at once; more are refused as `busy`. */
export const MAX_CONCURRENT_SESSIONS = 4;
/** Observer connections one agent bridges at once (each is one more client of the VNC server). */
export const MAX_OBSERVER_BRIDGES = 8;

class VncSessionHandler implements SessionHandler {
  private readonly bridges = new Map<string, VncBridge>();
  /** The display each open session shows: its observers watch the same one. */
  private readonly sessionDisplays = new Map<string, VncDisplay>();
  /** Observers' bridges by observer id, with the session they watch. */
  private readonly observers = new Map<string, { sessionId: string; bridge: VncBridge }>();

  constructor(
    private readonly displays: readonly VncDisplay[],
    private readonly callbacks: SessionCallbacks,
    private readonly timeouts: BridgeTimeouts,
    private readonly link: Partial<RelayLinkOptions> = {},
  ) {}

  open(cmd: SessionOpenCommand): Promise<void> {
    const { sessionId } = cmd;
    if (this.bridges.has(sessionId)) {
      this.callbacks.failed(sessionId, 'busy', 'This session is already open on the agent');
      return Promise.resolve();
    }
    if (this.bridges.size >= MAX_CONCURRENT_SESSIONS) {
      this.callbacks.failed(sessionId, 'busy', `The agent already bridges ${this.bridges.size} sessions`);
      return Promise.resolve();
    }
    const choice = selectDisplay(this.displays, cmd.display);
    if (!choice.ok) {
      this.callbacks.failed(sessionId, 'vnc_unreachable', choice.message);
      return Promise.resolve();
    }
    const bridge = new VncBridge(
      cmd,
      choice.display,
      {
        opened: () => this.callbacks.opened(sessionId),
        failed: (f) => {
          this.forget(sessionId);
          this.callbacks.failed(sessionId, f.reason, f.message);
        },
        closed: (reason, bytes) => {
          this.forget(sessionId);
          this.callbacks.closed(sessionId, reason, bytes);
        },
      },
      this.timeouts,
      this.link,
    );
    this.bridges.set(sessionId, bridge);
    this.sessionDisplays.set(sessionId, choice.display);
    bridge.start();
    return Promise.resolve();
  }

  /** The session's bridge is gone (failed or closed): so is the display its observers would watch. */
  private forget(sessionId: string): void {
    this.bridges.delete(sessionId);
    this.sessionDisplays.delete(sessionId);
  }

  close(sessionId: string, reason: string): void {
    this.bridges.get(sessionId)?.close(reason);
    for (const o of this.observers.values()) if (o.sessionId === sessionId) o.bridge.close(reason);
  }

  observe(cmd: SessionObserveCommand): void {
    const { observerId, sessionId } = cmd;
    const display = this.sessionDisplays.get(sessionId);
    if (!display || !this.bridges.has(sessionId) || this.observers.has(observerId) || this.observers.size >= MAX_OBSERVER_BRIDGES) return;
    // A view-only bridge of its own: the agent filters the observer's input too (as for a view session).
    const bridge = new VncBridge(
      { sessionId, mode: 'view', relayUrl: cmd.relayUrl, ticket: cmd.ticket },
      display,
      { opened: () => undefined, failed: () => this.observers.delete(observerId), closed: () => this.observers.delete(observerId) },
      this.timeouts,
    );
    this.observers.set(observerId, { sessionId, bridge });
    bridge.start();
  }
}

/** The factory the CLI plugs into the control connection (`run --vnc [NAME=]HOST:PORT... --vnc-password-file F`). */
export const createSessionHandler: SessionHandlerFactory = (options, callbacks) => new VncSessionHandler(asDisplays(options), callbacks, DEFAULT_TIMEOUTS);

/** Same, with other timeouts or relay link options (tests, the relay benchmark's WebSocket-only agent). */
export function createVncSessionHandler(options: VncOptions | readonly VncDisplay[], callbacks: SessionCallbacks, timeouts: Partial<BridgeTimeouts> = {}, link: Partial<RelayLinkOptions> = {}): SessionHandler {
  return new VncSessionHandler(asDisplays(options), callbacks, { ...DEFAULT_TIMEOUTS, ...timeouts }, link);
}
