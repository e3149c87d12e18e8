// What the server asks of the room, apart from the connection itself: remote sessions
// (session.open / .close / .observe, handed to the SessionHandler), the in-room notice
// that follows them (session.viewers), and room actions (action.run). Answers go back
// through `send`; the connection decides when that is possible.
import type { AgentMessage, RoomAction, ServerMessage } from '@roomwarden/protocol';
import type { ActionRunResult } from './actions/index.ts';
import type { AgentLogger } from './agent-connection.ts';
import { NoticeController, type NoticeDisplay } from './notice/index.ts';
import type { SessionCallbacks, SessionHandler } from './session-handler.ts';

/** The server messages AgentCommands handles. */
export type RoomCommand = Extract<ServerMessage, { type: 'session.open' | 'session.close' | 'session.observe' | 'session.viewers' | 'action.run' }>;

type HelloCapabilities = Extract<AgentMessage, { type: 'hello' }>['capabilities'];

export interface AgentCommandsOptions {
  send: (message: AgentMessage) => void;
  log: AgentLogger;
  /** Builds the session handler (the VNC bridge); without one, capabilities.vnc is false. */
  sessionHandler?: (callbacks: SessionCallbacks) => SessionHandler;
  /** Shows the in-room notice (the red ring) while a session is live; without one, capabilities.notice is false. */
  notice?: NoticeDisplay;
  /** The displays the session handler bridges, the default first (announced in hello's capabilities.displays). */
  displays?: readonly string[];
  /** Runs room actions (action.run); without it, hello announces none. */
  actions?: { available(): RoomAction[]; run(action: RoomAction): Promise<ActionRunResult> };
}

export class AgentCommands {
  private readonly handler: SessionHandler | undefined;
  private readonly notice: NoticeController | undefined;
  private readonly openSessions = new Set<string>();

  constructor(private readonly options: AgentCommandsOptions) {
    this.handler = options.sessionHandler?.(this.sessionCallbacks());
    this.notice = options.notice ? new NoticeController(options.notice, options.log) : undefined;
  }

  /** What hello announces of sessions, displays, the notice and room actions. */
  capabilities(): HelloCapabilities {
    return {
      vnc: this.handler !== undefined,
      ...(this.handler && this.options.displays?.length ? { displays: [...this.options.displays] } : {}),
      ...(this.notice ? { notice: this.notice.available() } : {}),
      ...(this.options.actions ? { actions: this.options.actions.available() } : {}),
    };
  }

  handle(msg: RoomCommand): void {
    switch (msg.type) {
      case 'session.open':
        void this.openSession(msg);
        break;
      case 'session.viewers':
        if (this.openSessions.has(msg.sessionId)) this.notice?.apply({ type: 'viewers', sessionId: msg.sessionId, viewers: msg.viewers });
        break;
      case 'session.close':
        if (this.handler && this.openSessions.has(msg.sessionId)) this.handler.close(msg.sessionId, msg.reason);
        break;
      case 'session.observe':
        if (this.openSessions.has(msg.sessionId)) this.handler?.observe?.({ sessionId: msg.sessionId, observerId: msg.observerId, relayUrl: msg.relayUrl, ticket: msg.ticket });
        break;
      case 'action.run':
        void this.runAction(msg);
        break;
    }
  }

  /** The agent stops: every open session closes, the notice goes. */
  stop(): void {
    for (const id of this.openSessions) this.handler?.close(id, 'agent_stopping');
    this.notice?.apply({ type: 'cleared' });
  }

  /** Runs the action's command and answers action.result (before a restart-device takes the machine down: its command returns first). */
  private async runAction(cmd: Extract<RoomCommand, { type: 'action.run' }>): Promise<void> {
    const { log, actions } = this.options;
    log.info('room action', { actionId: cmd.actionId, action: cmd.action });
    const result: ActionRunResult = actions
      ? await actions.run(cmd.action).catch((err: unknown) => ({ outcome: 'failed' as const, exitCode: null, output: '', message: (err as Error).message }))
      : { outcome: 'unavailable', exitCode: null, output: '', message: 'this agent runs no room actions' };
    log.info('room action finished', { actionId: cmd.actionId, action: cmd.action, outcome: result.outcome, exitCode: result.exitCode });
    this.options.send({
      type: 'action.result',
      actionId: cmd.actionId,
      action: cmd.action,
      outcome: result.outcome,
      exitCode: result.exitCode,
      output: result.output,
      ...(result.message ? { message: result.message.slice(0, 500) } : {}),
    });
  }

  private async openSession(cmd: Extract<RoomCommand, { type: 'session.open' }>): Promise<void> {
    if (!this.handler) {
      this.options.send({ type: 'session.failed', sessionId: cmd.sessionId, reason: 'vnc_unreachable', message: 'this agent runs without a VNC bridge (start it with --vnc HOST:PORT)' });
      return;
    }
    this.openSessions.add(cmd.sessionId);
    this.notice?.apply({ type: 'opened', sessionId: cmd.sessionId, ...(cmd.viewers ? { viewers: cmd.viewers } : {}) });
    try {
      await this.handler.open({ sessionId: cmd.sessionId, mode: cmd.mode, relayUrl: cmd.relayUrl, ticket: cmd.ticket, ...(cmd.display !== undefined ? { display: cmd.display } : {}) });
    } catch (err) {
      this.sessionEnded(cmd.sessionId);
      this.options.send({ type: 'session.failed', sessionId: cmd.sessionId, reason: 'vnc_protocol_error', message: (err as Error).message.slice(0, 500) });
    }
  }

  private sessionEnded(sessionId: string): void {
    this.openSessions.delete(sessionId);
    this.notice?.apply({ type: 'ended', sessionId });
  }

  private sessionCallbacks(): SessionCallbacks {
    const { send } = this.options;
    return {
      opened: (sessionId) => send({ type: 'session.opened', sessionId }),
      failed: (sessionId, reason, message) => {
        this.sessionEnded(sessionId);
        send({ type: 'session.failed', sessionId, reason, ...(message ? { message: message.slice(0, 500) } : {}) });
      },
      closed: (sessionId, reason, bytes) => {
        this.sessionEnded(sessionId);
        send({ type: 'session.closed', sessionId, reason: reason.slice(0, 50), bytesToViewer: bytes.toViewer, bytesFromViewer: bytes.fromViewer });
      },
    };
  }
}
