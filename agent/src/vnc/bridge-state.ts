// The agent's VNC bridge as one state machine: the RFB client handshake with the room's
// VNC server (VNC authentication with the local password, never Tight), then the RFB
// server handshake towards the viewer (security type None), then splicing. Pure: the
// bridge feeds it the bytes received on either side and performs what it returns.
import {
  RFB_VERSION_LENGTH,
  SECURITY,
  SECURITY_RESULT,
  SERVER_INIT_FIXED_LENGTH,
  VNC_CHALLENGE_LENGTH,
  buildClientInit,
  buildProtocolVersion,
  buildReason,
  buildSecurityResult,
  buildSecurityType33,
  buildSecurityTypes,
  negotiatedMinor,
  parseProtocolVersion,
  readU32,
  readU8,
  serverInitLength,
  vncAuthResponse,
} from '@roomwarden/protocol';
import type { SessionFailureReason } from '../session-handler.ts';

export interface Failure {
  reason: SessionFailureReason;
  message: string;
}
type Minor = 3 | 7 | 8;

export type BridgeState =
  | { kind: 'connectingVnc' }
  | { kind: 'vncVersion' }
  | { kind: 'vncSecurityTypes'; minor: Minor }
  | { kind: 'vncChallenge'; minor: Minor }
  | { kind: 'vncSecurityResult'; minor: Minor; type: number }
  | { kind: 'vncFailureReason'; failure: Failure }
  | { kind: 'vncServerInit' }
  | { kind: 'connectingRelay'; serverInit: Buffer }
  | { kind: 'viewerVersion'; serverInit: Buffer }
  | { kind: 'viewerSecurityType'; serverInit: Buffer; minor: Minor }
  | { kind: 'viewerClientInit'; serverInit: Buffer }
  | { kind: 'splicing' }
  /** The VNC side failed: the viewer is told why (SecurityResult 1 + reason) before the session fails. */
  | { kind: 'refusing'; phase: 'connectingRelay' | 'viewerVersion' | 'viewerSecurityType'; failure: Failure; minor?: Minor }
  | { kind: 'closed'; outcome: { failed: Failure } | { ended: string } };

export type Side = 'vnc' | 'viewer';

export interface Step {
  state: BridgeState;
  consumed: number;
  toVnc?: Buffer[];
  toViewer?: Buffer[];
  /** openRelay: connect the data WebSocket; splice: start piping; done: close everything. */
  effect?: 'openRelay' | 'splice' | 'done';
}

export interface BridgeConfig {
  password?: string;
}

/** Which side's bytes a state is waiting for (undefined: waiting for a connection). */
export function waitsOn(state: BridgeState): Side | undefined {
  switch (state.kind) {
    case 'vncVersion':
    case 'vncSecurityTypes':
    case 'vncChallenge':
    case 'vncSecurityResult':
    case 'vncFailureReason':
    case 'vncServerInit':
      return 'vnc';
    case 'viewerVersion':
    case 'viewerSecurityType':
    case 'viewerClientInit':
      return 'viewer';
    case 'refusing':
      return state.phase === 'connectingRelay' ? undefined : 'viewer';
    default:
      return undefined;
  }
}

const wait = (state: BridgeState): Step => ({ state, consumed: 0 });

/** The one failure path: before the viewer is connected, tell it why first; afterwards, close. */
export function fail(state: BridgeState, failure: Failure): Step {
  switch (state.kind) {
    case 'closed':
      return wait(state);
    case 'connectingVnc':
    case 'vncVersion':
    case 'vncSecurityTypes':
    case 'vncChallenge':
    case 'vncSecurityResult':
    case 'vncFailureReason':
    case 'vncServerInit':
      return { state: { kind: 'refusing', phase: 'connectingRelay', failure }, consumed: 0, effect: 'openRelay' };
    case 'refusing':
      // Telling the viewer failed too: end with the original VNC-side failure.
      return { state: { kind: 'closed', outcome: { failed: state.failure } }, consumed: 0, effect: 'done' };
    default:
      return { state: { kind: 'closed', outcome: { failed: failure } }, consumed: 0, effect: 'done' };
  }
}

/** The one clean ending (either side closed, or the session was ended from outside): close everything. */
export function end(state: BridgeState, reason: string): Step {
  if (state.kind === 'closed') return wait(state);
  return { state: { kind: 'closed', outcome: { ended: reason } }, consumed: 0, effect: 'done' };
}

function chooseSecurity(types: number[], config: BridgeConfig): number | Failure {
  const offered = types.join(', ');
  if (config.password !== undefined && types.includes(SECURITY.VNC_AUTH)) return SECURITY.VNC_AUTH;
  if (types.includes(SECURITY.NONE)) return SECURITY.NONE;
  if (types.includes(SECURITY.VNC_AUTH)) return { reason: 'vnc_auth_failed', message: 'The room\'s VNC server requires a password, and the agent has none (--vnc-password-file)' };
  return { reason: 'vnc_protocol_error', message: `The room's VNC server offers no supported security type (offered: ${offered}; supported: None, VNC authentication)` };
}

function afterSecurity(minor: Minor, type: number): Step {
  // RFB 3.3 and 3.7 send no SecurityResult after None.
  if (type === SECURITY.NONE && minor !== 8) return { state: { kind: 'vncServerInit' }, consumed: 0, toVnc: [buildClientInit(true)] };
  return { state: { kind: 'vncSecurityResult', minor, type }, consumed: 0 };
}

const VIEWER_OFFER = [SECURITY.NONE];

/** The one transition: consumes a prefix of the bytes pending from `waitsOn(state)`. */
export function transition(state: BridgeState, input: Buffer, config: BridgeConfig): Step {
  switch (state.kind) {
    case 'vncVersion': {
      if (input.length < RFB_VERSION_LENGTH) return wait(state);
      const v = parseProtocolVersion(input);
      const minor = v && negotiatedMinor(v);
      if (!minor) return fail(state, { reason: 'vnc_protocol_error', message: 'The room\'s VNC server did not answer with an RFB ProtocolVersion' });
      return { state: { kind: 'vncSecurityTypes', minor }, consumed: RFB_VERSION_LENGTH, toVnc: [buildProtocolVersion({ major: 3, minor })] };
    }
    case 'vncSecurityTypes': {
      let types: number[];
      let consumed: number;
      if (state.minor === 3) {
        if (input.length < 4) return wait(state);
        types = [readU32(input, 0)];
        consumed = 4;
      } else {
        if (input.length < 1) return wait(state);
        const n = readU8(input, 0);
        if (input.length < 1 + n) return wait(state);
        types = [...input.subarray(1, 1 + n)];
        consumed = 1 + n;
      }
      if (types.length === 0 || types[0] === SECURITY.INVALID) {
        return { state: { kind: 'vncFailureReason', failure: { reason: 'vnc_protocol_error', message: 'The room\'s VNC server refused the connection' } }, consumed };
      }
      const chosen = chooseSecurity(types, config);
      if (typeof chosen !== 'number') return { ...fail(state, chosen), consumed };
      const toVnc = state.minor === 3 ? [] : [Buffer.from([chosen])];
      if (chosen === SECURITY.VNC_AUTH) return { state: { kind: 'vncChallenge', minor: state.minor }, consumed, toVnc };
      const next = afterSecurity(state.minor, chosen);
      return { ...next, consumed, toVnc: [...toVnc, ...(next.toVnc ?? [])] };
    }
    case 'vncChallenge': {
      if (input.length < VNC_CHALLENGE_LENGTH) return wait(state);
      const response = vncAuthResponse(config.password ?? '', input.subarray(0, VNC_CHALLENGE_LENGTH));
      return { state: { kind: 'vncSecurityResult', minor: state.minor, type: SECURITY.VNC_AUTH }, consumed: VNC_CHALLENGE_LENGTH, toVnc: [response] };
    }
    case 'vncSecurityResult': {
      if (input.length < 4) return wait(state);
      const result = readU32(input, 0);
      if (result === SECURITY_RESULT.OK) return { state: { kind: 'vncServerInit' }, consumed: 4, toVnc: [buildClientInit(true)] };
      const failure: Failure =
        state.type === SECURITY.VNC_AUTH
          ? { reason: 'vnc_auth_failed', message: 'The room\'s VNC server refused the password' }
          : { reason: 'vnc_protocol_error', message: 'The room\'s VNC server refused the connection' };
      if (state.minor === 8) return { state: { kind: 'vncFailureReason', failure }, consumed: 4 };
      return { ...fail(state, failure), consumed: 4 };
    }
    case 'vncFailureReason': {
      // u32 length + text; servers send short reasons, cap what we read.
      if (input.length < 4) return wait(state);
      const n = Math.min(readU32(input, 0), 400);
      if (input.length < 4 + n) return wait(state);
      const detail = input.subarray(4, 4 + n).toString('utf8').replace(/[^\x20-\x7e]/g, '?');
      const failure = { ...state.failure, message: detail ? `${state.failure.message}: ${detail}` : state.failure.message };
      return { ...fail(state, failure), consumed: 4 + n };
    }
    case 'vncServerInit': {
      if (input.length < SERVER_INIT_FIXED_LENGTH) return wait(state);
      const length = serverInitLength(input);
      if (length > SERVER_INIT_FIXED_LENGTH + 4096) return fail(state, { reason: 'vnc_protocol_error', message: 'The room\'s VNC server sent an oversized ServerInit' });
      if (input.length < length) return wait(state);
      return { state: { kind: 'connectingRelay', serverInit: Buffer.from(input.subarray(0, length)) }, consumed: length, effect: 'openRelay' };
    }
    case 'viewerVersion':
    case 'refusing': {
      if (state.kind === 'refusing' && state.phase === 'viewerSecurityType') {
        if (input.length < 1) return wait(state);
        // Whatever the viewer picked, it hears why the room's screen is not available.
        return { state: { kind: 'closed', outcome: { failed: state.failure } }, consumed: 1, toViewer: [buildSecurityResult(false, state.failure.message)], effect: 'done' };
      }
      if (input.length < RFB_VERSION_LENGTH) return wait(state);
      const v = parseProtocolVersion(input);
      const minor = v && negotiatedMinor(v);
      if (state.kind === 'refusing') {
        // RFB 3.8: None, then SecurityResult 1 + reason (noVNC reports it as a security failure).
        if (minor === 8) return { state: { ...state, phase: 'viewerSecurityType', minor }, consumed: RFB_VERSION_LENGTH, toViewer: [buildSecurityTypes(VIEWER_OFFER)] };
        // RFB 3.7: zero security types + reason; 3.3 (or garbage): security type 0 + reason.
        const refusal = minor === 7 ? buildSecurityTypes([]) : buildSecurityType33(SECURITY.INVALID);
        return { state: { kind: 'closed', outcome: { failed: state.failure } }, consumed: RFB_VERSION_LENGTH, toViewer: [refusal, buildReason(state.failure.message)], effect: 'done' };
      }
      if (!minor) return fail(state, { reason: 'vnc_protocol_error', message: 'The viewer did not send an RFB ProtocolVersion' });
      if (minor === 3) return { state: { kind: 'viewerClientInit', serverInit: state.serverInit }, consumed: RFB_VERSION_LENGTH, toViewer: [buildSecurityType33(SECURITY.NONE)] };
      return { state: { kind: 'viewerSecurityType', serverInit: state.serverInit, minor }, consumed: RFB_VERSION_LENGTH, toViewer: [buildSecurityTypes(VIEWER_OFFER)] };
    }
    case 'viewerSecurityType': {
      if (input.length < 1) return wait(state);
      if (input[0] !== SECURITY.NONE) return fail(state, { reason: 'vnc_protocol_error', message: `The viewer chose security type ${input[0]}` });
      const toViewer = state.minor === 8 ? [buildSecurityResult(true)] : [];
      return { state: { kind: 'viewerClientInit', serverInit: state.serverInit }, consumed: 1, toViewer };
    }
    case 'viewerClientInit':
      if (input.length < 1) return wait(state);
      return { state: { kind: 'splicing' }, consumed: 1, toViewer: [state.serverInit], effect: 'splice' };
    case 'connectingVnc':
    case 'connectingRelay':
    case 'splicing':
    case 'closed':
      return wait(state);
  }
}

/** The relay is connected: greet the viewer (as the RFB server it will talk to). */
export function relayConnected(state: BridgeState): Step {
  if (state.kind === 'connectingRelay') return { state: { kind: 'viewerVersion', serverInit: state.serverInit }, consumed: 0, toViewer: [buildProtocolVersion()] };
  if (state.kind === 'refusing' && state.phase === 'connectingRelay') return { state: { ...state, phase: 'viewerVersion' }, consumed: 0, toViewer: [buildProtocolVersion()] };
  return wait(state);
}

/** The TCP connection to the VNC server is up: wait for its ProtocolVersion. */
export function vncConnected(state: BridgeState): Step {
  return state.kind === 'connectingVnc' ? wait({ kind: 'vncVersion' }) : wait(state);
}
