// Keeps the agent under the server's message rate limit: at most `limit` frames per
// window; frames beyond that wait (in order) for the window to move.
import type { Clock, TimerHandle } from './clock.ts';

export class OutboundPacer {
  private readonly sentAt: number[] = [];
  private readonly queue: string[] = [];
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly write: (frame: string) => void,
    private readonly limit: number,
    private readonly windowMs: number,
    /** Frames waiting beyond this are dropped, oldest first. */
    private readonly maxQueued = 500,
  ) {}

  send(frame: string): void {
    this.queue.push(frame);
    if (this.queue.length > this.maxQueued) this.queue.shift();
    this.pump();
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Forgets queued frames (the connection closed). */
  reset(): void {
    this.queue.length = 0;
    this.sentAt.length = 0;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (this.timer) return;
    while (this.queue.length > 0) {
      const now = this.clock.now();
      while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - this.windowMs) this.sentAt.shift();
      if (this.sentAt.length >= this.limit) {
        const wait = (this.sentAt[0] ?? now) + this.windowMs - now;
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const frame = this.queue.shift() as string;
      this.sentAt.push(now);
      this.write(frame);
    }
  }
}
