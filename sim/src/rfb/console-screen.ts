// The synthetic room console the simulator's VNC server shows: room name, a ticking clock,
// the meeting under way or the next one, the last keys typed, the pointer's trail and
// clicks, and a status bar with the room's display, camera and microphone.
import { MEETING_SLOT_MS, type SimulatedRoomView } from '@roomwarden/agent';
import { textHeight, textWidth } from './framebuffer.ts';
import type { Canvas } from './framebuffer.ts';
import { drawNotice } from './notice-overlay.ts';

export const COLOURS = {
  background: 0x102a43,
  titleBar: 0x243b53,
  panel: 0x334e68,
  text: 0xf0f4f8,
  muted: 0x9fb3c8,
  accent: 0x3ebd93,
  statusBar: 0x0b1f33,
  trail: 0xf7c948,
  click: 0xe12d39,
  meetingNow: 0xef8e58,
} as const;

export interface Point {
  x: number;
  y: number;
}

export interface ConsoleState {
  roomName: string;
  now: Date;
  viewers: number;
  pointer: (Point & { buttons: number }) | null;
  trail: Point[];
  clicks: Array<Point & { button: number }>;
  typed: string;
  /** The in-room notice's label while a remote session is live (the red ring), else null. */
  notice: string | null;
  /** The simulated room this screen belongs to (its meetings and peripherals); absent: a screen of its own. */
  room?: SimulatedRoomView;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
export function clockText(d: Date): string {
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

const MEETINGS = ['WEEKLY SYNC', 'BUDGET REVIEW', 'DESIGN CRITIQUE', 'ALL HANDS', 'CUSTOMER CALL', 'SPRINT PLANNING'];
const hhmm = (d: Date) => `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
const titleOf = (start: number) => MEETINGS[Math.floor(start / MEETING_SLOT_MS) % MEETINGS.length]!;

/** The next half-hour slot after `now`, with a title that changes with the slot. */
export function nextMeeting(now: Date): { title: string; time: string; organizer: string } {
  const start = new Date(now);
  start.setSeconds(0, 0);
  start.setMinutes(now.getMinutes() < 30 ? 30 : 60);
  const end = new Date(start.getTime() + MEETING_SLOT_MS);
  return { title: titleOf(start.getTime()), time: `${hhmm(start)} - ${hhmm(end)}`, organizer: 'FACILITIES TEAM' };
}

/** The meeting panel: the room's meeting under way, or its next one; a screen of its own shows the next slot. */
export function meetingPanel(state: Pick<ConsoleState, 'now' | 'room'>): { heading: string; title: string; time: string; organizer: string } {
  if (!state.room) return { heading: 'NEXT MEETING', ...nextMeeting(state.now) };
  const m = state.room.meeting;
  if (!m) return { heading: 'NO MEETINGS TODAY', title: 'ROOM FREE', time: '', organizer: '' };
  return { heading: m.now ? 'IN A MEETING NOW' : 'NEXT MEETING', title: titleOf(m.start), time: `${hhmm(new Date(m.start))} - ${hhmm(new Date(m.end))}`, organizer: 'FACILITIES TEAM' };
}

const SHORT_STATE = { ok: 'OK', degraded: 'WARN', failed: 'FAIL', unknown: '?' } as const;

/** The status bar's left part: the room's display, camera and microphone (all OK on a screen of its own). */
export function peripheralsLine(state: Pick<ConsoleState, 'room'>): string {
  const p = state.room?.peripherals;
  const of = (v: keyof typeof SHORT_STATE | undefined) => SHORT_STATE[v ?? 'ok'];
  return `DISPLAY ${of(p?.display)}  CAMERA ${of(p?.camera)}  MIC ${of(p?.microphone)}`;
}

/** Draws the whole console for `state` into `c`. */
export function drawConsole(c: Canvas, state: ConsoleState): void {
  const s = Math.max(1, Math.floor(c.width / 320)); // 4 at 1280 px
  const margin = 6 * s;
  c.fill({ x: 0, y: 0, width: c.width, height: c.height }, COLOURS.background);

  // Title bar.
  const titleH = 14 * s;
  c.fill({ x: 0, y: 0, width: c.width, height: titleH }, COLOURS.titleBar);
  c.text(margin, (titleH - textHeight(s)) / 2, state.roomName.slice(0, 40), COLOURS.text, s);
  const label = 'ROOM CONSOLE';
  c.text(c.width - margin - textWidth(label, s), (titleH - textHeight(s)) / 2, label, COLOURS.muted, s);

  // Clock.
  const clockScale = 3 * s;
  const clockY = titleH + 10 * s;
  c.text(margin, clockY, clockText(state.now), COLOURS.text, clockScale);
  const date = state.now.toISOString().slice(0, 10);
  c.text(margin, clockY + textHeight(clockScale) + 4 * s, date, COLOURS.muted, s);

  // Meeting panel: the meeting under way (in the alert colour) or the next one.
  const m = meetingPanel(state);
  const live = state.room?.meeting?.now === true;
  const panel = { x: Math.floor(c.width / 2) + margin, y: titleH + 8 * s, width: Math.floor(c.width / 2) - 2 * margin, height: 48 * s };
  c.fill(panel, COLOURS.panel);
  c.fill({ x: panel.x, y: panel.y, width: 2 * s, height: panel.height }, live ? COLOURS.meetingNow : COLOURS.accent);
  c.text(panel.x + 6 * s, panel.y + 5 * s, m.heading, live ? COLOURS.meetingNow : COLOURS.accent, s);
  c.text(panel.x + 6 * s, panel.y + 17 * s, m.title, COLOURS.text, Math.max(1, Math.floor(1.5 * s)));
  c.text(panel.x + 6 * s, panel.y + 31 * s, m.time, COLOURS.text, s);
  c.text(panel.x + 6 * s, panel.y + 40 * s, m.organizer, COLOURS.muted, s);

  // Last keys typed.
  const keysY = titleH + 66 * s;
  c.text(margin, keysY, 'LAST KEYS:', COLOURS.muted, s);
  const keysBox = { x: margin, y: keysY + 10 * s, width: c.width - 2 * margin, height: 12 * s };
  c.fill(keysBox, COLOURS.panel);
  const maxChars = Math.floor((keysBox.width - 8 * s) / textWidth('M', s));
  c.text(keysBox.x + 4 * s, keysBox.y + 2.5 * s, state.typed.slice(-maxChars) + '_', COLOURS.text, s);

  // Where the pointer is, under the keys.
  const where = state.pointer ? `POINTER ${state.pointer.x},${state.pointer.y}` : 'POINTER -';
  c.text(margin, keysBox.y + keysBox.height + 4 * s, where, COLOURS.muted, s);

  // Pointer trail and clicks.
  for (const p of state.trail) c.fill({ x: p.x - s, y: p.y - s, width: 2 * s, height: 2 * s }, COLOURS.trail);
  for (const k of state.clicks) {
    const size = 8 * s;
    c.frame({ x: k.x - size / 2, y: k.y - size / 2, width: size, height: size }, COLOURS.click, Math.max(1, Math.floor(s / 2)));
    c.fill({ x: k.x - 1, y: k.y - 1, width: 3, height: 3 }, COLOURS.click);
  }

  // Status bar: the room's peripherals on the left, who is watching on the right.
  const barH = 12 * s;
  const barY = c.height - barH;
  c.fill({ x: 0, y: barY, width: c.width, height: barH }, COLOURS.statusBar);
  const textY = barY + (barH - textHeight(s)) / 2;
  c.text(margin, textY, peripheralsLine(state), COLOURS.text, s);
  const viewers = `VIEWERS ${state.viewers}`;
  c.text(c.width - margin - textWidth(viewers, s), textY, viewers, COLOURS.text, s);

  if (state.notice !== null) drawNotice(c, state.notice, s);
}
