import { describe, expect, it } from 'vitest';
import { isKnownSessionEndReason } from '@roomwarden/protocol';
import { OPENING, agentReason, closeFrameReason, endWith, isLive, transition } from './live-session.ts';
import type { Active, LiveSessionEvent, LiveLimits, LiveState, Opening, Step } from './live-session.ts';

const T0 = 1_000_000;
const limits: LiveLimits = { startedAt: T0, expiresAt: T0 + 60_000, idleMs: 10_000, pendingTimeoutMs: 5_000, pairTimeoutMs: 2_000 };

/** Feeds events in order from `state`, collecting the effects. */
function run(state: LiveState, ...events: LiveSessionEvent[]): { state: LiveState; effects: Step['effects']; steps: Step[] } {
  const steps: Step[] = [];
  for (const e of events) {
    const step = transition(state, e, limits);
    steps.push(step);
    state = step.state;
  }
  return { state, effects: steps.flatMap((s) => s.effects), steps };
}

const viewerIn = { type: 'attached', side: 'viewer', at: T0 + 100 } as const;
const agentIn = { type: 'attached', side: 'agent', at: T0 + 200 } as const;
const active: Active = { kind: 'active', connectedAt: T0 + 200, lastActivity: T0 + 200 };
const viewerWaiting: Opening = { kind: 'opening', viewerAt: T0 + 100, agentAt: null };
const agentWaiting: Opening = { kind: 'opening', viewerAt: null, agentAt: T0 + 200 };

function expectRefused(state: LiveState, event: LiveSessionEvent): void {
  const step = transition(state, event, limits);
  expect(step.refused, `${state.kind} refuses ${event.type}`).toBe(true);
  expect(step.state).toBe(state);
  expect(step.effects).toEqual([]);
}

describe('live session: opening', () => {
  it('starts with neither side connected', () => {
    expect(OPENING).toEqual({ kind: 'opening', viewerAt: null, agentAt: null });
    expect(isLive(OPENING)).toBe(true);
  });

  it('records each side as it attaches; active (pipe, mark active) when the second one does, either first', () => {
    const v = run(OPENING, viewerIn, agentIn);
    expect(v.steps[0]).toEqual({ state: viewerWaiting, effects: [] });
    expect(v.state).toEqual(active);
    expect(v.effects).toEqual([{ type: 'markActive', at: T0 + 200 }, { type: 'pipe' }]);

    const a = run(OPENING, { ...agentIn, at: T0 + 50 }, { ...viewerIn, at: T0 + 300 });
    expect(a.steps[0]!.state).toEqual({ kind: 'opening', viewerAt: null, agentAt: T0 + 50 });
    expect(a.state).toEqual({ kind: 'active', connectedAt: T0 + 300, lastActivity: T0 + 300 });
  });

  it('refuses a side attaching twice, and activity before the sides pair', () => {
    expectRefused(viewerWaiting, viewerIn);
    expectRefused(agentWaiting, agentIn);
    expectRefused(active, viewerIn);
    expectRefused(active, agentIn);
    expectRefused(viewerWaiting, { type: 'activity', at: T0 + 150 });
  });

  it('no viewer in time: viewer_never_connected (even when the agent came)', () => {
    expect(run(OPENING, { type: 'tick', now: T0 + 4_999 }).state).toBe(OPENING);
    for (const from of [OPENING, agentWaiting]) {
      const r = run(from, { type: 'tick', now: T0 + 5_000 });
      expect(r.state).toEqual({ kind: 'ending', reason: 'viewer_never_connected' });
      expect(r.effects).toEqual([{ type: 'finish', ending: { reason: 'viewer_never_connected', notifyAgent: true, drainAgent: false } }]);
    }
  });

  it('a viewer waiting for the agent too long: agent_never_connected', () => {
    expect(run(viewerWaiting, { type: 'tick', now: T0 + 100 + 1_999 }).state).toBe(viewerWaiting);
    expect(run(viewerWaiting, { type: 'tick', now: T0 + 100 + 2_000 }).state).toEqual({ kind: 'ending', reason: 'agent_never_connected' });
  });
});

describe('live session: active', () => {
  it('activity keeps it alive; no activity for idleMs: idle_timeout', () => {
    const kept = run(active, { type: 'activity', at: T0 + 9_000 }, { type: 'tick', now: T0 + 12_000 });
    expect(kept.state).toEqual({ ...active, lastActivity: T0 + 9_000 });
    expect(kept.effects).toEqual([]);
    expect(run(kept.state, { type: 'tick', now: T0 + 19_000 }).state).toEqual({ kind: 'ending', reason: 'idle_timeout' });
  });

  it('the maximum length, in any live state', () => {
    for (const from of [OPENING, viewerWaiting, { ...active, lastActivity: T0 + 59_999 }]) {
      expect(run(from, { type: 'tick', now: T0 + 60_000 }).state).toEqual({ kind: 'ending', reason: 'max_duration' });
    }
  });

  it('the viewer closing ends it at once (and tells the agent)', () => {
    const r = run(active, { type: 'sideClosed', side: 'viewer', code: 1000, reason: '' });
    expect(r.state).toEqual({ kind: 'ending', reason: 'viewer_closed' });
    expect(r.effects).toEqual([{ type: 'finish', ending: { reason: 'viewer_closed', notifyAgent: true, drainAgent: false } }]);
  });

  it('a side that never attached cannot close', () => {
    expectRefused(OPENING, { type: 'sideClosed', side: 'viewer', code: 1000, reason: '' });
    expectRefused(viewerWaiting, { type: 'sideClosed', side: 'agent', code: 1000, reason: '' });
    expectRefused(agentWaiting, { type: 'sideClosed', side: 'viewer', code: 1000, reason: '' });
  });

  it('a broken stream ends it with the side and the message', () => {
    const r = run(active, { type: 'protocolError', side: 'viewer', message: 'view-only filter: unknown message 99' });
    expect(r.effects).toEqual([{ type: 'finish', ending: { reason: 'viewer_protocol_error', message: 'view-only filter: unknown message 99', notifyAgent: true, drainAgent: false } }]);
    expect(run(agentWaiting, { type: 'protocolError', side: 'agent', message: 'text frame from the agent' }).state).toEqual({ kind: 'ending', reason: 'agent_protocol_error' });
  });
});

describe("live session: the agent's side going away", () => {
  const closed = (code: number, reason = '') => ({ type: 'sideClosed', side: 'agent', code, reason }) as const;

  it('waits for the agent to say why: its report wins, drained and without telling it back', () => {
    const left = run(active, closed(1011, 'vnc_unreachable'));
    expect(left.state).toEqual({ kind: 'agentLeft', prior: active, fallback: 'vnc_unreachable' });
    expect(left.effects).toEqual([{ type: 'armAgentGrace' }]);
    const told = run(left.state, { type: 'agentReported', outcome: 'failed', reason: 'vnc_auth_failed', message: 'refused the password' });
    expect(told.effects).toEqual([{ type: 'finish', ending: { reason: 'vnc_auth_failed', message: 'refused the password', notifyAgent: false, drainAgent: true } }]);
  });

  it('else, after the grace period, the close frame says why (1011 or 4000-4999 with a reason), or agent_closed', () => {
    for (const [code, reason, expected] of [
      [1011, 'vnc_unreachable', 'vnc_unreachable'],
      [4001, 'some_reason_of_its_own', 'some_reason_of_its_own'],
      [1000, 'vnc_unreachable', 'agent_closed'],
      [1011, 'Not A Code', 'agent_closed'],
      [1006, '', 'agent_closed'],
    ] as const) {
      const r = run(active, closed(code, reason), { type: 'agentGraceOver' });
      expect(r.state, `${code} ${reason}`).toEqual({ kind: 'ending', reason: expected });
      expect(r.steps[1]!.effects).toEqual([{ type: 'finish', ending: { reason: expected, notifyAgent: false, drainAgent: false } }]);
    }
  });

  it('the rest still moves meanwhile: a late viewer pairs, the viewer closing or a limit ends it', () => {
    const left = run(agentWaiting, closed(1000)).state;
    const paired = run(left, viewerIn);
    expect(paired.state).toEqual({ kind: 'agentLeft', prior: { kind: 'active', connectedAt: T0 + 100, lastActivity: T0 + 100 }, fallback: 'agent_closed' });
    expect(paired.effects).toEqual([{ type: 'markActive', at: T0 + 100 }, { type: 'pipe' }]);
    expect(run(paired.state, { type: 'activity', at: T0 + 500 }).state).toMatchObject({ kind: 'agentLeft', prior: { lastActivity: T0 + 500 } });
    expect(run(paired.state, { type: 'sideClosed', side: 'viewer', code: 1001, reason: '' }).state).toEqual({ kind: 'ending', reason: 'viewer_closed' });
    expect(run(paired.state, { type: 'tick', now: T0 + 60_000 }).state).toEqual({ kind: 'ending', reason: 'max_duration' });
    expect(run(paired.state, { type: 'tick', now: T0 + 1_000 }).state).toBe(paired.state);
  });

  it('refuses the grace period ending when the agent is still there, and the agent closing twice', () => {
    expectRefused(active, { type: 'agentGraceOver' });
    const left = run(active, closed(1000)).state;
    expectRefused(left, closed(1000));
    expectRefused(left, agentIn);
    expectRefused(run(agentWaiting, closed(1000)).state, { type: 'activity', at: T0 + 1 });
  });
});

describe('live session: the agent reporting, and ending from outside', () => {
  it("takes the agent's reason when it is a code, else agent_failed / agent_closed; a message only with a failure", () => {
    const report = (outcome: 'failed' | 'closed', reason: string) => run(viewerWaiting, { type: 'agentReported', outcome, reason, message: 'm' }).effects;
    expect(report('failed', 'vnc_auth_failed')).toEqual([{ type: 'finish', ending: { reason: 'vnc_auth_failed', message: 'm', notifyAgent: false, drainAgent: true } }]);
    expect(report('failed', 'Bad Reason!')).toEqual([{ type: 'finish', ending: { reason: 'agent_failed', message: 'm', notifyAgent: false, drainAgent: true } }]);
    expect(report('closed', 'vnc_closed')).toEqual([{ type: 'finish', ending: { reason: 'vnc_closed', message: undefined, notifyAgent: false, drainAgent: true } }]);
    expect(report('closed', '')).toEqual([{ type: 'finish', ending: { reason: 'agent_closed', message: undefined, notifyAgent: false, drainAgent: true } }]);
  });

  it('ends from every live state with the reason given, telling the agent unless asked not to', () => {
    const left = run(active, { type: 'sideClosed', side: 'agent', code: 1000, reason: '' }).state;
    for (const from of [OPENING, viewerWaiting, agentWaiting, active, left]) {
      const r = run(from, { type: 'end', reason: 'ended_by_administrator' });
      expect(r.state).toEqual({ kind: 'ending', reason: 'ended_by_administrator' });
      expect(r.effects).toEqual([{ type: 'finish', ending: { reason: 'ended_by_administrator', message: undefined, notifyAgent: true, drainAgent: false } }]);
    }
    expect(run(OPENING, { type: 'end', reason: 'agent_unreachable', notifyAgent: false }).effects).toEqual([
      { type: 'finish', ending: { reason: 'agent_unreachable', message: undefined, notifyAgent: false, drainAgent: false } },
    ]);
  });

  it('ended elsewhere: only dropped here (closed, not written again)', () => {
    const r = run(active, { type: 'endedElsewhere', reason: 'ended_by_user' });
    expect(r.state).toEqual({ kind: 'dropped', reason: 'ended_by_user' });
    expect(r.effects).toEqual([{ type: 'drop', reason: 'ended_by_user' }]);
    expect(isLive(r.state)).toBe(false);
  });
});

describe('live session: the end is final', () => {
  const every: LiveSessionEvent[] = [
    viewerIn,
    agentIn,
    { type: 'activity', at: T0 },
    { type: 'sideClosed', side: 'viewer', code: 1000, reason: '' },
    { type: 'sideClosed', side: 'agent', code: 1011, reason: 'vnc_closed' },
    { type: 'agentGraceOver' },
    { type: 'agentReported', outcome: 'failed', reason: 'vnc_auth_failed' },
    { type: 'protocolError', side: 'viewer', message: 'x' },
    { type: 'tick', now: T0 + 1e9 },
    { type: 'end', reason: 'server_shutdown' },
    { type: 'endedElsewhere', reason: 'ended_by_user' },
  ];

  it('an ending or dropped session refuses every event: it ends once', () => {
    for (const state of [{ kind: 'ending', reason: 'viewer_closed' }, { kind: 'dropped', reason: 'idle_timeout' }] as const) {
      expect(isLive(state)).toBe(false);
      for (const e of every) expectRefused(state, e);
      expect(endWith(state, { reason: 'server_shutdown', notifyAgent: true, drainAgent: false }).refused).toBe(true);
    }
  });

  it('every reason the machine writes by itself is in the catalogue', () => {
    const reasons = new Set<string>();
    const froms: LiveState[] = [OPENING, viewerWaiting, agentWaiting, active];
    for (const from of froms) {
      for (const e of every) {
        for (const effect of transition(from, e, limits).effects) if (effect.type === 'finish') reasons.add(effect.ending.reason);
      }
    }
    for (const r of reasons) expect(isKnownSessionEndReason(r), r).toBe(true);
    expect([...reasons].sort()).toEqual(['max_duration', 'server_shutdown', 'viewer_closed', 'viewer_protocol_error', 'vnc_auth_failed']);
  });
});

describe('agent reasons', () => {
  it('keeps a code of the agent’s own, falls back on anything else', () => {
    expect(agentReason('vnc_unreachable', 'agent_failed')).toBe('vnc_unreachable');
    expect(agentReason('a_new_code', 'agent_failed')).toBe('a_new_code');
    expect(agentReason('x'.repeat(51), 'agent_failed')).toBe('agent_failed');
    expect(agentReason('Spaces here', 'agent_closed')).toBe('agent_closed');
    expect(closeFrameReason(4999, 'relay_closed')).toBe('relay_closed');
    expect(closeFrameReason(5000, 'relay_closed')).toBe('agent_closed');
  });
});
