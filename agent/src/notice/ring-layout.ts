// Where the ring and its label go on a screen: four bars along the edges (so the middle of
// the screen stays visible and usable) and a label at the top centre, just inside the top
// bar. Pure, shared by every notice display (X11, Windows, the simulator's screen).

export interface NoticeRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The ring's red (#d13438, Fluent's "danger" red, close to the Teams Rooms Pro ring). */
export const RING_RGB = { red: 0xd1, green: 0x34, blue: 0x38 } as const;
export const RING_COLOUR = (RING_RGB.red << 16) | (RING_RGB.green << 8) | RING_RGB.blue;
export const LABEL_TEXT_COLOUR = 0xffffff;
/** Thickness of each bar in pixels. */
export const DEFAULT_BAR_PX = 8;

export interface RingLayout {
  top: NoticeRect;
  bottom: NoticeRect;
  left: NoticeRect;
  right: NoticeRect;
  label: NoticeRect;
  /** The label's text, cut to fit the screen. */
  text: string;
}

/**
 * Lays the ring out on a `width`×`height` screen. The label is `text` at `charWidth`×`lineHeight`
 * per character (a fixed-width font), with `padding` around it, cut with "..." to fit.
 */
export function ringLayout(width: number, height: number, text: string, font: { charWidth: number; lineHeight: number }, bar = DEFAULT_BAR_PX, padding = 6): RingLayout {
  const b = Math.max(1, Math.min(bar, Math.floor(width / 4), Math.floor(height / 4)));
  const maxChars = Math.max(4, Math.floor((width - 4 * b - 2 * padding) / Math.max(1, font.charWidth)));
  const chars = [...text];
  const shown = chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 3).join('')}...`;
  const labelWidth = Math.min(width - 2 * b, [...shown].length * font.charWidth + 2 * padding);
  const labelHeight = Math.min(Math.floor(height / 3), font.lineHeight + 2 * padding);
  return {
    top: { x: 0, y: 0, width, height: b },
    bottom: { x: 0, y: height - b, width, height: b },
    left: { x: 0, y: b, width: b, height: height - 2 * b },
    right: { x: width - b, y: b, width: b, height: height - 2 * b },
    label: { x: Math.floor((width - labelWidth) / 2), y: b, width: Math.max(1, labelWidth), height: Math.max(1, labelHeight) },
    text: shown,
  };
}

/** The label in ISO 8859-1 (what a core X font and the simulator's font draw): accents dropped where needed, others "?". */
export function toLatin1(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch.charCodeAt(0) <= 0xff && ch.length === 1) {
      out += ch;
      continue;
    }
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out += [...base].every((c) => c.charCodeAt(0) <= 0xff && c.length === 1) && base.length > 0 ? base : '?';
  }
  return out;
}
