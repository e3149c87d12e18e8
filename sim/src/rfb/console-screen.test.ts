import { describe, expect, it } from 'vitest';
import { meetingPanel, peripheralsLine } from './console-screen.ts';

const at = (h: number, m: number) => new Date(2026, 11, 3, h, m).getTime();

describe('the console screen', () => {
  it('shows the room\'s meeting under way, its next one, or that it is free', () => {
    const now = new Date(at(10, 5));
    const ok = { display: 'ok', camera: 'ok', microphone: 'ok' } as const;
    const live = meetingPanel({ now, room: { peripherals: ok, meeting: { start: at(10, 0), end: at(10, 25), now: true } } });
    expect(live).toMatchObject({ heading: 'IN A MEETING NOW', time: '10:00 - 10:25' });
    const next = meetingPanel({ now, room: { peripherals: ok, meeting: { start: at(11, 3), end: at(11, 30), now: false } } });
    expect(next).toMatchObject({ heading: 'NEXT MEETING', time: '11:03 - 11:30' });
    expect(next.title).not.toBe('');
    expect(meetingPanel({ now, room: { peripherals: ok, meeting: undefined } }).heading).toBe('NO MEETINGS TODAY');
    // A screen of its own (no room) shows the next half-hour slot.
    expect(meetingPanel({ now })).toMatchObject({ heading: 'NEXT MEETING', time: '10:30 - 11:00' });
  });

  it('shows the room\'s display, camera and microphone in the status bar, short enough to fit', () => {
    expect(peripheralsLine({})).toBe('DISPLAY OK  CAMERA OK  MIC OK');
    const worst = peripheralsLine({ room: { peripherals: { display: 'degraded', camera: 'failed', microphone: 'unknown' }, meeting: undefined } });
    expect(worst).toBe('DISPLAY WARN  CAMERA FAIL  MIC ?');
    // 1280 px at scale 4 holds 51 characters beside "VIEWERS 9".
    expect(worst.length + 2 + 'VIEWERS 9'.length).toBeLessThanOrEqual(51);
  });
});
