// Which of the agent's displays a session bridges (DESIGN "Remote session" 10): the one
// session.open names, else the first; a name the agent does not bridge is refused (the
// server checks it too, but the agent is the last word on what it bridges).
import { DEFAULT_DISPLAY_NAME } from '@roomwarden/protocol';
import type { VncDisplay, VncOptions } from '../session-handler.ts';

/** One VNC server given without a name is the display "main". */
export function asDisplays(options: VncOptions | readonly VncDisplay[]): readonly VncDisplay[] {
  return isDisplayList(options) ? options : [{ name: DEFAULT_DISPLAY_NAME, ...options }];
}

function isDisplayList(options: VncOptions | readonly VncDisplay[]): options is readonly VncDisplay[] {
  return Array.isArray(options);
}

export type DisplayChoice = { ok: true; display: VncDisplay } | { ok: false; message: string };

export function selectDisplay(displays: readonly VncDisplay[], requested: string | undefined): DisplayChoice {
  const display = requested === undefined ? displays[0] : displays.find((d) => d.name === requested);
  if (display) return { ok: true, display };
  if (displays.length === 0) return { ok: false, message: 'this agent bridges no display' };
  return { ok: false, message: `this agent has no display "${requested}" (it bridges ${displays.map((d) => d.name).join(', ')})` };
}
