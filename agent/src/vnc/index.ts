// The agent's VNC bridge: implements the session handler the control connection calls on
// `session.open` / `session.close` (see ../session-handler.ts).
import type { SessionCallbacks, SessionHandler, SessionHandlerFactory, SessionOpenCommand, VncOptions } from '../session-handler.ts';
import { DEFAULT_TIMEOUTS, VncBridge } from './vnc-bridge.ts';
import type { BridgeTimeouts } from './vnc-bridge.ts';

import type { RelayLinkOptions } from './relay-transport.ts';

export { VncBridge, relayUrlWithTicket } from './vnc-bridge.ts';
export type { BridgeEvents, BridgeTimeouts } from './vnc-bridge.ts';
export { RelayLink } from './relay-transport.ts';
export type { RelayLinkEvents, RelayLinkOptions } from './relay-transport.ts';

/** Sessions one agent bridges at once; more are refused as `busy`. */
export const MAX_CONCURRENT_SESSIONS = 4;

class VncSessionHandler implements SessionHandler {
  private readonly bridges = new Map<string, VncBridge>();

  constructor(
    private readonly vnc: VncOptions,
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
    const bridge = new VncBridge(
      cmd,
      this.vnc,
      {
        opened: () => this.callbacks.opened(sessionId),
        failed: (f) => {
          this.bridges.delete(sessionId);
          this.callbacks.failed(sessionId, f.reason, f.message);
        },
        closed: (reason, bytes) => {
          this.bridges.delete(sessionId);
          this.callbacks.closed(sessionId, reason, bytes);
        },
      },
      this.timeouts,
      this.link,
    );
    this.bridges.set(sessionId, bridge);
    bridge.start();
    return Promise.resolve();
  }

  close(sessionId: string, reason: string): void {
    this.bridges.get(sessionId)?.close(reason);
  }
}

/** The factory the CLI plugs into the control connection (`run --vnc HOST:PORT --vnc-password-file F`). */
export const createSessionHandler: SessionHandlerFactory = (options, callbacks) => new VncSessionHandler(options, callbacks, DEFAULT_TIMEOUTS);

/** Same, with other timeouts or relay link options (tests, the relay benchmark's WebSocket-only agent). */
export function createVncSessionHandler(options: VncOptions, callbacks: SessionCallbacks, timeouts: Partial<BridgeTimeouts> = {}, link: Partial<RelayLinkOptions> = {}): SessionHandler {
  return new VncSessionHandler(options, callbacks, { ...DEFAULT_TIMEOUTS, ...timeouts }, link);
}
