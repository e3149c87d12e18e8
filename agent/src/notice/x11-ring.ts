// The ring on one X connection: four override-redirect red bars at the screen's edges and
// a label window at the top centre, drawn with a core X font. Override-redirect windows
// are not managed (no frame, no focus, no taskbar entry); they are raised again whenever
// something covers them. They belong to this connection: when it closes, or the agent
// dies, the X server destroys them (the default close-down mode, which we never change).
// With the SHAPE extension their input region is empty: the pointer and clicks go through
// to whatever is beneath.
import type { XClient, XEvent, XScreen, XShape } from 'x11';
import { DEFAULT_BAR_PX, RING_RGB, ringLayout, toLatin1, type NoticeRect, type RingLayout } from './ring-layout.ts';

/** Core fonts to try, the first the server has wins ("fixed" is on every X server). */
export const LABEL_FONTS = ['-misc-fixed-bold-r-normal--18-*-*-*-c-*-iso8859-1', '-misc-fixed-medium-r-normal--18-*-*-*-c-*-iso8859-1', '9x15bold', 'fixed'] as const;

const INPUT_OUTPUT = 1;
const COPY_FROM_PARENT = 0;
/** VisibilityChange | Exposure (x11's eventMask values). */
const VISIBILITY_CHANGE = 0x00010000;
const EXPOSURE = 0x00008000;
const VISIBILITY_UNOBSCURED = 0;
const MIN_RAISE_GAP_MS = 250;
/** ImageText8 draws at most 255 characters. */
const MAX_TEXT = 255;

const call = <T>(run: (cb: (err: Error | null, value: T) => boolean) => void): Promise<T> =>
  new Promise((resolve, reject) =>
    run((err, value) => {
      if (err) reject(err);
      else resolve(value);
      return true; // handled: not re-emitted as the client's 'error'
    }),
  );

async function openFirstFont(client: XClient): Promise<{ id: number; charWidth: number; ascent: number; lineHeight: number; name: string }> {
  for (const name of LABEL_FONTS) {
    const id = client.AllocID();
    try {
      await call<void>((cb) => client.OpenFont(id, name, (err) => cb(err, undefined)));
      const info = await call<{ fontAscent: number; fontDescent: number; maxBounds: { characterWidth: number } }>((cb) => client.QueryFont(id, cb));
      return { id, name, charWidth: Math.max(1, info.maxBounds.characterWidth), ascent: info.fontAscent, lineHeight: info.fontAscent + info.fontDescent };
    } catch {
      continue; // BadName: this server does not have it; try the next one
    }
  }
  throw new Error(`none of the fonts ${LABEL_FONTS.join(', ')} is on this X server`);
}

type Part = 'top' | 'bottom' | 'left' | 'right' | 'label';
const PARTS: readonly Part[] = ['top', 'bottom', 'left', 'right', 'label'];

export class X11Ring {
  private windows: Record<Part, number> | undefined;
  private layout: RingLayout | undefined;
  private lastRaise = 0;

  private constructor(
    private readonly client: XClient,
    private readonly screen: XScreen,
    private readonly red: number,
    private readonly font: { id: number; charWidth: number; ascent: number; lineHeight: number; name: string },
    private readonly gc: number,
    private readonly bar: number,
    private readonly shape: XShape | undefined,
  ) {
    client.on('event', (ev: XEvent) => this.onEvent(ev));
  }

  /** Allocates the colour, the font and the graphics context on a connected client. */
  static async prepare(client: XClient, screen: XScreen, bar = DEFAULT_BAR_PX): Promise<X11Ring> {
    const colour = await call<{ pixel: number }>((cb) => client.AllocColor(screen.default_colormap, RING_RGB.red * 257, RING_RGB.green * 257, RING_RGB.blue * 257, cb));
    const font = await openFirstFont(client);
    const gc = client.AllocID();
    client.CreateGC(gc, screen.root, { foreground: screen.white_pixel, background: colour.pixel, font: font.id });
    // Without SHAPE the ring still shows; it then takes the clicks on its 8 px and the label.
    const shape = await new Promise<XShape | undefined>((resolve) => client.require('shape', (err, ext) => resolve(err ? undefined : ext)));
    return new X11Ring(client, screen, colour.pixel, font, gc, bar, shape);
  }

  get fontName(): string {
    return this.font.name;
  }

  /** Whether the ring lets clicks through (the SHAPE extension's input region). */
  get clickThrough(): boolean {
    return this.shape !== undefined;
  }

  /** Shows the ring with this label (creating the windows the first time). */
  show(text: string): void {
    const layout = ringLayout(this.screen.pixel_width, this.screen.pixel_height, toLatin1(text).slice(0, MAX_TEXT), { charWidth: this.font.charWidth, lineHeight: this.font.lineHeight }, this.bar);
    this.layout = layout;
    if (!this.windows) {
      const windows = {} as Record<Part, number>;
      for (const part of PARTS) windows[part] = this.createWindow(layout[part], part === 'label' ? VISIBILITY_CHANGE | EXPOSURE : VISIBILITY_CHANGE);
      this.windows = windows;
      for (const part of PARTS) this.client.MapWindow(windows[part]);
    } else {
      const r = layout.label;
      this.client.ConfigureWindow(this.windows.label, { x: r.x, y: r.y, width: r.width, height: r.height });
      this.client.ClearArea(this.windows.label, 0, 0, 0, 0, 0);
    }
    this.drawLabel();
    this.raise(true);
  }

  /** Puts the ring above every other window again (throttled, unless forced). */
  raise(force = false): void {
    if (!this.windows) return;
    const now = Date.now();
    if (!force && now - this.lastRaise < MIN_RAISE_GAP_MS) return;
    this.lastRaise = now;
    for (const part of PARTS) this.client.RaiseWindow(this.windows[part]);
  }

  /** Destroys the windows (the connection stays open). */
  hide(): void {
    if (!this.windows) return;
    for (const part of PARTS) this.client.DestroyWindow(this.windows[part]);
    this.windows = undefined;
    this.layout = undefined;
  }

  get shown(): boolean {
    return this.windows !== undefined;
  }

  private createWindow(r: NoticeRect, eventMask: number): number {
    const id = this.client.AllocID();
    this.client.CreateWindow(id, this.screen.root, r.x, r.y, r.width, r.height, 0, COPY_FROM_PARENT, INPUT_OUTPUT, COPY_FROM_PARENT, { backgroundPixel: this.red, overrideRedirect: 1, eventMask });
    // WM_NAME says whose window it is (xwininfo -root -tree shows it).
    this.client.ChangeProperty(0, id, this.client.atoms.WM_NAME ?? 39, this.client.atoms.STRING ?? 31, 8, 'Roomwarden remote session notice');
    this.shape?.Rectangles(this.shape.Op.Set, this.shape.Kind.Input, id, 0, 0, []);
    return id;
  }

  private drawLabel(): void {
    if (!this.windows || !this.layout) return;
    const pad = Math.floor((this.layout.label.height - this.font.lineHeight) / 2);
    const x = Math.floor((this.layout.label.width - [...this.layout.text].length * this.font.charWidth) / 2);
    this.client.ImageText8(this.windows.label, this.gc, Math.max(0, x), pad + this.font.ascent, this.layout.text);
  }

  private onEvent(ev: XEvent): void {
    if (!this.windows) return;
    if (ev.name === 'Expose' && ev.wid === this.windows.label && ev.count === 0) this.drawLabel();
    else if (ev.name === 'VisibilityNotify' && ev.state !== VISIBILITY_UNOBSCURED && PARTS.some((p) => this.windows?.[p] === ev.wid)) this.raise();
  }
}
