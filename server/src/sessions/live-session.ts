// One live remote session on this node as one state machine: opening (each side's ticket
// redeemed in turn), active once both data sides are connected, the agent's side gone
// (waiting briefly for the agent to say why), then ending. Pure: the supervisor and the
// relay feed it what happens (`LiveSessionEvent`) and perform what it returns (`LiveEffect`),
// as the agent's bridge does with bridge-state.ts. Every end goes through `endWith()`,
// once: an ending session refuses every further event.
import { isKnownSessionEndReason, type SessionEndReason } from '@roomwarden/protocol';
import type { TicketSide } from './ticket-store.ts';

/** A reason the agent gave that this version has no label for (`[a-z0-9_]{1,50}`): kept, shown as words. */
export type AgentReason = string & { readonly agentReason: unique symbol };
export type LiveEndReason = SessionEndReason | AgentReason;

/** A session's limits, fixed when it is registered (times in ms since the epoch). */
export interface LiveLimits {
  startedAt: number;
  expiresAt: number;
  idleMs: number;
  /** How long a session may wait for its viewer. */
  pendingTimeoutMs: number;
  /** How long a connected viewer may wait for the agent. */
  pairTimeoutMs: number;
}

/** Before both data sides are connected: when each arrived. */
export interface Opening {
  kind: 'opening';
  viewerAt: number | null;
  agentAt: number | null;
}

/** Both sides connected, bytes flow; activity is the viewer's last frame that was not only update requests. */
export interface Active {
  kind: 'active';
  connectedAt: number;
  lastActivity: number;
}

export type LiveState =
  | Opening
  | Active
  /** The agent's data side closed: its reason may still come over its control connection (else `fallback`). */
  | { kind: 'agentLeft'; prior: Opening | Active; fallback: LiveEndReason }
  /** The end is being written (the supervisor forgets the session once it is). */
  | { kind: 'ending'; reason: LiveEndReason }
  /** Ended, and audited, by another node: only closed here. */
  | { kind: 'dropped'; reason: string };

export type LiveSessionEvent =
  /** The relay took a side's socket. */
  | { type: 'attached'; side: TicketSide; at: number }
  /** The viewer sent something other than FramebufferUpdateRequests. */
  | { type: 'activity'; at: number }
  /** A side's socket closed by itself, with its close frame. */
  | { type: 'sideClosed'; side: TicketSide; code: number; reason: string }
  /** The grace period after the agent's side closed is over. */
  | { type: 'agentGraceOver' }
  /** The agent said over its control connection that the session failed or closed. */
  | { type: 'agentReported'; outcome: 'failed' | 'closed'; reason: string; message?: string | undefined }
  /** A side's stream broke a rule (view-only filter, text frame, too much early data). */
  | { type: 'protocolError'; side: TicketSide; message: string }
  /** The sweep: limits and timeouts. */
  | { type: 'tick'; now: number }
  /** Ended from outside: a person, a bus event, the permission re-check, the server stopping. */
  | { type: 'end'; reason: SessionEndReason; message?: string | undefined; notifyAgent?: boolean | undefined }
  /** The row says another node ended it. */
  | { type: 'endedElsewhere'; reason: string };

/** How a session ends: what the supervisor writes and whom it tells. */
export interface Ending {
  reason: LiveEndReason;
  message?: string | undefined;
  /** Send `session.close` to the agent (false when the agent itself ended the session). */
  notifyAgent: boolean;
  /** Let the agent's data side close by itself first, so its last bytes reach the viewer. */
  drainAgent: boolean;
}

export type LiveEffect =
  /** Start piping between the two sides (what each sent early first). */
  | { type: 'pipe' }
  /** Mark the row active (and tell the portal). */
  | { type: 'markActive'; at: number }
  /** Feed `agentGraceOver` after the agent-close grace period. */
  | { type: 'armAgentGrace' }
  /** Close both sides, write the end and its `session.end` entry, tell the agent and the portal. */
  | { type: 'finish'; ending: Ending }
  /** Close both sides here and forget the session; its end is already written. */
  | { type: 'drop'; reason: string };

export interface Step {
  state: LiveState;
  effects: LiveEffect[];
  /** The event is not legal in this state: nothing changed. */
  refused?: true;
}

/** A session just registered: neither side connected yet. */
export const OPENING: Opening = { kind: 'opening', viewerAt: null, agentAt: null };

const AGENT_REASON = /^[a-z0-9_]{1,50}$/;
const PROTOCOL_ERROR = { viewer: 'viewer_protocol_error', agent: 'agent_protocol_error' } as const satisfies Record<TicketSide, SessionEndReason>;

/** Still live: admits sockets and can be ended. */
export function isLive(state: LiveState): boolean {
  return state.kind !== 'ending' && state.kind !== 'dropped';
}

/** An agent's reason as given when it is one (a label of ours, or a code of its own); else `fallback`. */
export function agentReason(given: string, fallback: SessionEndReason): LiveEndReason {
  if (isKnownSessionEndReason(given)) return given;
  return AGENT_REASON.test(given) ? (given as AgentReason) : fallback;
}

/** The agent's data side closed: code 1011 or 4000-4999 carry its reason (e.g. vnc_unreachable). */
export function closeFrameReason(code: number, reason: string): LiveEndReason {
  return code === 1011 || (code >= 4000 && code <= 4999) ? agentReason(reason, 'agent_closed') : 'agent_closed';
}

const refuse = (state: LiveState): Step => ({ state, effects: [], refused: true });
const stay = (state: LiveState): Step => ({ state, effects: [] });

/** The one end path: from any live state to ending, once. */
export function endWith(state: LiveState, ending: Ending): Step {
  if (!isLive(state)) return refuse(state);
  return { state: { kind: 'ending', reason: ending.reason }, effects: [{ type: 'finish', ending }] };
}

/** Which limit a session has reached at `now`, if any. */
export function limitReached(state: Opening | Active, now: number, limits: LiveLimits): SessionEndReason | undefined {
  if (now >= limits.expiresAt) return 'max_duration';
  if (state.kind === 'active') return now - state.lastActivity >= limits.idleMs ? 'idle_timeout' : undefined;
  if (state.viewerAt !== null && state.agentAt === null && now - state.viewerAt >= limits.pairTimeoutMs) return 'agent_never_connected';
  if (state.viewerAt === null && now - limits.startedAt >= limits.pendingTimeoutMs) return 'viewer_never_connected';
  return undefined;
}

/** The sides' own events (attach, activity, the sweep) while opening or active. */
function connection(state: Opening | Active, event: Extract<LiveSessionEvent, { type: 'attached' | 'activity' | 'tick' }>, limits: LiveLimits): Step {
  switch (event.type) {
    case 'attached': {
      if (state.kind !== 'opening') return refuse(state);
      const at = event.side === 'viewer' ? state.viewerAt : state.agentAt;
      if (at !== null) return refuse(state);
      const next: Opening = event.side === 'viewer' ? { ...state, viewerAt: event.at } : { ...state, agentAt: event.at };
      if (next.viewerAt === null || next.agentAt === null) return stay(next);
      return { state: { kind: 'active', connectedAt: event.at, lastActivity: event.at }, effects: [{ type: 'markActive', at: event.at }, { type: 'pipe' }] };
    }
    case 'activity':
      return state.kind === 'active' ? stay({ ...state, lastActivity: event.at }) : refuse(state);
    case 'tick': {
      const reason = limitReached(state, event.now, limits);
      return reason ? endWith(state, { reason, notifyAgent: true, drainAgent: false }) : stay(state);
    }
  }
}

/** The one transition: where `event` takes a session in `state`, and what to do about it. */
export function transition(state: LiveState, event: LiveSessionEvent, limits: LiveLimits): Step {
  if (state.kind === 'ending' || state.kind === 'dropped') return refuse(state);
  switch (event.type) {
    case 'end':
      return endWith(state, { reason: event.reason, message: event.message, notifyAgent: event.notifyAgent ?? true, drainAgent: false });
    case 'endedElsewhere':
      return { state: { kind: 'dropped', reason: event.reason }, effects: [{ type: 'drop', reason: event.reason }] };
    case 'protocolError':
      return endWith(state, { reason: PROTOCOL_ERROR[event.side], message: event.message, notifyAgent: true, drainAgent: false });
    case 'agentReported': {
      const failed = event.outcome === 'failed';
      return endWith(state, { reason: agentReason(event.reason, failed ? 'agent_failed' : 'agent_closed'), message: failed ? event.message : undefined, notifyAgent: false, drainAgent: true });
    }
    case 'agentGraceOver':
      return state.kind === 'agentLeft' ? endWith(state, { reason: state.fallback, notifyAgent: false, drainAgent: false }) : refuse(state);
    case 'sideClosed': {
      const link = state.kind === 'agentLeft' ? state.prior : state;
      const connected = link.kind === 'active' || (event.side === 'viewer' ? link.viewerAt : link.agentAt) !== null;
      if (!connected) return refuse(state);
      if (event.side === 'viewer') return endWith(state, { reason: 'viewer_closed', notifyAgent: true, drainAgent: false });
      if (state.kind === 'agentLeft') return refuse(state);
      // The agent may say why over its control connection a moment later; else its close frame does.
      return { state: { kind: 'agentLeft', prior: state, fallback: closeFrameReason(event.code, event.reason) }, effects: [{ type: 'armAgentGrace' }] };
    }
    case 'attached':
    case 'activity':
    case 'tick': {
      if (state.kind !== 'agentLeft') return connection(state, event, limits);
      // The agent's side is gone but the session is not over yet: the rest still moves.
      const inner = connection(state.prior, event, limits);
      if (inner.refused) return refuse(state);
      if (inner.state === state.prior) return stay(state);
      if (inner.state.kind === 'opening' || inner.state.kind === 'active') return { ...inner, state: { ...state, prior: inner.state } };
      return inner;
    }
  }
}
