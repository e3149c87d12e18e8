// The in-room notice on the simulated console: the same red ring and label as the agent
// draws on a real room's display (the agent's ringLayout), on top of everything else.
import { LABEL_TEXT_COLOUR, RING_COLOUR, ringLayout } from '@roomwarden/agent';
import { GLYPH_HEIGHT, GLYPH_WIDTH } from './font.ts';
import type { Canvas } from './framebuffer.ts';

/** Draws the ring and `text` (upper-cased by the console's font) at `scale` pixels per dot. */
export function drawNotice(c: Canvas, text: string, scale: number): void {
  const s = Math.max(1, Math.floor(scale / 2));
  const layout = ringLayout(c.width, c.height, text.toUpperCase(), { charWidth: (GLYPH_WIDTH + 1) * s, lineHeight: GLYPH_HEIGHT * s }, 2 * scale, 3 * s);
  for (const r of [layout.top, layout.bottom, layout.left, layout.right, layout.label]) c.fill(r, RING_COLOUR);
  c.text(layout.label.x + 3 * s, layout.label.y + 3 * s, layout.text, LABEL_TEXT_COLOUR, s);
}
