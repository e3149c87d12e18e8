// The notice on Linux: the ring drawn on the X display the agent is given
// (`run --notice-display :0`, else DISPLAY). The X connection is opened when a session
// starts and closed when the last one ends, so the ring lives exactly as long as the
// connection that owns its windows: if the agent dies, the X server takes them away. No X
// display, or one that goes away: logged, retried while a session is live, never fatal.
import x11 from 'x11';
import type { XClient } from 'x11';
import type { AgentLogger } from '../agent-connection.ts';
import type { NoticeDisplay } from './notice-display.ts';
import type { WantedNotice } from './session-notice.ts';
import { X11Ring } from './x11-ring.ts';

export interface X11NoticeOptions {
  /** e.g. ":0" */
  display: string;
  log: AgentLogger;
  /** Between attempts to reach the display while a session is live (default 5 s). */
  retryMs?: number;
  /** How often the ring is raised again, in case something covered it unnoticed (default 2 s). */
  raiseEveryMs?: number;
  /** Giving up on one connection attempt (default 5 s). */
  connectTimeoutMs?: number;
  barPx?: number;
}

interface Connection {
  client: XClient;
  ring: X11Ring;
  closed: boolean;
}

function connect(display: string, timeoutMs: number, barPx: number | undefined, onGone: (why: string) => void, log: AgentLogger): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`no answer from X display ${display} in ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | undefined, conn?: Connection) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        client?.stream?.destroy(); // not terminate(): it needs a connection that got through setup
        reject(err);
      } else resolve(conn as Connection);
    };
    let client: XClient | undefined;
    try {
      client = x11.createClient({ display, shm: false }, (err, d) => {
        if (err || !d) return finish(err ?? new Error('no display'));
        const screen = d.screen[0];
        if (!screen) return finish(new Error(`X display ${display} has no screen`));
        X11Ring.prepare(d.client, screen, barPx).then(
          (ring) => {
            const conn: Connection = { client: d.client, ring, closed: false };
            d.client.on('end', () => {
              conn.closed = true;
              onGone('the X server closed the connection');
            });
            finish(undefined, conn);
          },
          (e: unknown) => finish(e as Error),
        );
      });
    } catch (err) {
      finish(err as Error);
      return;
    }
    client.on('error', (err: Error) => {
      if (!settled) finish(err);
      else log.warn('X error on the notice display', { display, err: err.message });
    });
  });
}

export class X11NoticeDisplay implements NoticeDisplay {
  readonly describe: string;
  private wanted: WantedNotice = { kind: 'none' };
  private conn: Connection | undefined;
  private reachable: boolean | undefined;
  private lastFailure = '';
  private queue: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private raiseTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly options: X11NoticeOptions) {
    this.describe = `X display ${options.display}`;
  }

  /** True until an attempt to reach the display failed (and again once one succeeds). */
  available(): boolean {
    return this.reachable !== false;
  }

  /** Checks once that the display answers (for hello and the log); the connection is not kept. */
  async probe(): Promise<boolean> {
    try {
      const conn = await connect(this.options.display, this.options.connectTimeoutMs ?? 5_000, this.options.barPx, () => undefined, this.options.log);
      conn.client.terminate();
      this.reachable = true;
      this.options.log.info('the in-room notice will be drawn on the X display', { display: this.options.display, font: conn.ring.fontName, clickThrough: conn.ring.clickThrough });
    } catch (err) {
      this.failed(err as Error);
    }
    return this.reachable === true;
  }

  show(notice: WantedNotice): void {
    this.wanted = notice;
    this.sync();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wanted = { kind: 'none' };
    clearTimeout(this.retryTimer);
    this.sync();
    await this.queue;
  }

  /** Brings the display to what is wanted, one step at a time (never two connects at once). */
  private sync(): void {
    this.queue = this.queue.then(() => this.step()).catch((err: unknown) => this.options.log.warn('the in-room notice failed', { display: this.options.display, err: (err as Error).message }));
  }

  private async step(): Promise<void> {
    const wanted = this.wanted;
    if (wanted.kind === 'none') {
      clearInterval(this.raiseTimer);
      this.raiseTimer = undefined;
      const conn = this.conn;
      this.conn = undefined;
      if (conn && !conn.closed) {
        conn.ring.hide();
        // close() waits for a round trip; an X server that stopped answering must not hold the queue.
        const closed = new Promise<boolean>((resolve) => conn.client.close(() => resolve(true)));
        const gaveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), this.options.connectTimeoutMs ?? 5_000).unref());
        if (!(await Promise.race([closed, gaveUp]))) conn.client.stream?.destroy();
      }
      return;
    }
    if (!this.conn || this.conn.closed) {
      try {
        this.conn = await connect(this.options.display, this.options.connectTimeoutMs ?? 5_000, this.options.barPx, (why) => this.gone(why), this.options.log);
      } catch (err) {
        this.conn = undefined;
        this.failed(err as Error);
        this.retryLater();
        return;
      }
      if (this.reachable === false) this.options.log.info('the X display for the in-room notice answers again', { display: this.options.display });
      this.reachable = true;
      this.lastFailure = '';
    }
    if (this.wanted !== wanted) return; // changed while connecting: the next step follows
    this.conn.ring.show(wanted.text);
    if (!this.raiseTimer) {
      this.raiseTimer = setInterval(() => this.conn?.ring.raise(), this.options.raiseEveryMs ?? 2_000);
      this.raiseTimer.unref();
    }
  }

  private gone(why: string): void {
    if (this.closing || this.wanted.kind === 'none') return;
    this.options.log.warn('lost the X display of the in-room notice; reconnecting', { display: this.options.display, why });
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closing || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.wanted.kind === 'ring') this.sync();
    }, this.options.retryMs ?? 5_000);
    this.retryTimer.unref();
  }

  private failed(err: Error): void {
    this.reachable = false;
    // Logged once per distinct reason, not on every retry.
    if (err.message === this.lastFailure) return;
    this.lastFailure = err.message;
    this.options.log.warn('cannot reach the X display for the in-room notice', { display: this.options.display, err: err.message });
  }
}
