// Health reports measured while offline: kept in order, bounded; the oldest are dropped
// and counted so that the agent can say how many it lost.
import type { Signal } from '@roomwarden/protocol';

export interface BufferedReport {
  measuredAt: string;
  full: boolean;
  signals: Signal[];
}

export class ReportBuffer {
  private items: BufferedReport[] = [];
  private droppedCount = 0;

  constructor(readonly capacity = 100) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  push(report: BufferedReport): void {
    this.items.push(report);
    if (this.items.length > this.capacity) {
      this.items.shift();
      this.droppedCount += 1;
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** Reports dropped since the last drain. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Takes every buffered report (oldest first) and the number dropped, and empties the buffer. */
  drain(): { reports: BufferedReport[]; dropped: number } {
    const out = { reports: this.items, dropped: this.droppedCount };
    this.items = [];
    this.droppedCount = 0;
    return out;
  }
}
