import { describe, expect, it } from 'vitest';
import { silentLogger } from '../agent-connection.ts';
import { NoticeController, type NoticeDisplay } from './notice-display.ts';
import { applyNoticeEvent, connectedViewers, NO_SESSIONS, noticeText, wantedNotice, type NoticeEvent, type NoticeSessions, type WantedNotice } from './session-notice.ts';

const S1 = '2f0c8c38-0a5e-4a47-9d43-6f1f7d1f0001';
const S2 = '2f0c8c38-0a5e-4a47-9d43-6f1f7d1f0002';
const ada = { name: 'Ada Lovelace', control: true };
const bob = { name: 'Bob', control: false };

const run = (events: NoticeEvent[], from: NoticeSessions = NO_SESSIONS) => events.reduce(applyNoticeEvent, from);

describe('the session notice tracker', () => {
  it('wants nothing before a session, the ring while one is live, nothing once it ends', () => {
    expect(wantedNotice(NO_SESSIONS)).toEqual({ kind: 'none' });
    const live = run([{ type: 'opened', sessionId: S1, viewers: [ada] }]);
    expect(wantedNotice(live)).toEqual({ kind: 'ring', viewers: [ada], text: 'Remote session: Ada Lovelace (control)' });
    expect(wantedNotice(run([{ type: 'ended', sessionId: S1 }], live))).toEqual({ kind: 'none' });
  });

  it('follows session.viewers: an observer joins and leaves', () => {
    const live = run([{ type: 'opened', sessionId: S1, viewers: [ada] }, { type: 'viewers', sessionId: S1, viewers: [ada, bob] }]);
    expect(wantedNotice(live)).toMatchObject({ text: 'Remote session: Ada Lovelace (control), Bob (watching)' });
    expect(wantedNotice(run([{ type: 'viewers', sessionId: S1, viewers: [ada] }], live))).toMatchObject({ viewers: [ada] });
  });

  it('ignores viewers for a session that is not live, and an end it never saw', () => {
    const s = run([{ type: 'viewers', sessionId: S1, viewers: [bob] }, { type: 'ended', sessionId: S2 }]);
    expect(s.size).toBe(0);
    expect(wantedNotice(s)).toEqual({ kind: 'none' });
  });

  it('stays up until the last of several sessions ends, naming everyone once, controllers first', () => {
    const both = run([
      { type: 'opened', sessionId: S1, viewers: [bob] },
      { type: 'opened', sessionId: S2, viewers: [ada, { name: 'Bob', control: true }] },
    ]);
    expect(connectedViewers(both)).toEqual([{ name: 'Bob', control: true }, ada]);
    const one = run([{ type: 'ended', sessionId: S2 }], both);
    expect(wantedNotice(one)).toMatchObject({ kind: 'ring', viewers: [bob] });
    expect(wantedNotice(run([{ type: 'ended', sessionId: S1 }], one))).toEqual({ kind: 'none' });
  });

  it('shows the ring with a generic label when the server did not say who (an older server)', () => {
    const s = run([{ type: 'opened', sessionId: S1 }]);
    expect(wantedNotice(s)).toEqual({ kind: 'ring', viewers: [], text: 'Remote session in progress' });
  });

  it('clears everything when the agent stops', () => {
    const s = run([{ type: 'opened', sessionId: S1, viewers: [ada] }, { type: 'opened', sessionId: S2, viewers: [bob] }, { type: 'cleared' }]);
    expect(wantedNotice(s)).toEqual({ kind: 'none' });
  });

  it('words the label', () => {
    expect(noticeText([bob])).toBe('Remote session: Bob (watching)');
  });
});

describe('the notice controller', () => {
  it('tells the display only when the wanted notice changes', () => {
    const shown: WantedNotice[] = [];
    const display: NoticeDisplay = { describe: 'test', available: () => true, show: (n) => shown.push(n), close: () => Promise.resolve() };
    const c = new NoticeController(display, silentLogger);
    c.apply({ type: 'opened', sessionId: S1, viewers: [ada] });
    c.apply({ type: 'viewers', sessionId: S1, viewers: [ada] }); // same: nothing new to draw
    c.apply({ type: 'opened', sessionId: S2, viewers: [ada] }); // same people: nothing new
    c.apply({ type: 'ended', sessionId: S1 });
    c.apply({ type: 'ended', sessionId: S2 });
    c.apply({ type: 'ended', sessionId: S2 });
    expect(shown).toEqual([{ kind: 'ring', viewers: [ada], text: 'Remote session: Ada Lovelace (control)' }, { kind: 'none' }]);
  });
});
