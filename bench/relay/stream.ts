// The relay benchmark's load: per connection, 200 kbit/s of records, each with a header
// [u8 kind][u32 body length]. Every 100 ms a 2,495-byte bulk record (kind 0) and, 50 ms
// later, a small probe (kind 1) whose body is the wall-clock send time (float64 ms).
// The receiver frames the byte stream (WebSocket frames or TCP segments alike) and
// reports each probe's one-way latency. Sender and receiver run on the same host.
import { performance } from 'node:perf_hooks';

export const PERIOD_MS = 100;
const BULK_BODY = 2495; // 5 + 2495 = 2,500 bytes per 100 ms = 200 kbit/s (probes add 13 B)
const bulk = Buffer.alloc(5 + BULK_BODY, 0x5a);
bulk.writeUInt8(0, 0);
bulk.writeUInt32BE(BULK_BODY, 1);

export const wallNow = (): number => performance.timeOrigin + performance.now();

export function probeRecord(): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt8(1, 0);
  b.writeUInt32BE(8, 1);
  b.writeDoubleBE(wallNow(), 5);
  return b;
}

export interface StreamSink {
  send(b: Buffer): void;
}

/** One timer drives every stream; each stream has its own random phase. */
export class StreamScheduler {
  private readonly streams = new Map<StreamSink, { nextBulk: number; nextProbe: number }>();
  private timer: NodeJS.Timeout | undefined;

  add(sink: StreamSink): void {
    const now = performance.now();
    const phase = Math.random() * PERIOD_MS;
    this.streams.set(sink, { nextBulk: now + phase, nextProbe: now + phase + PERIOD_MS / 2 });
  }
  remove(sink: StreamSink): void {
    this.streams.delete(sink);
  }
  start(): void {
    this.timer = setInterval(() => this.tick(), 5);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
  private tick(): void {
    const now = performance.now();
    for (const [sink, s] of this.streams) {
      if (now >= s.nextBulk) {
        sink.send(bulk);
        s.nextBulk += PERIOD_MS * Math.max(1, Math.ceil((now - s.nextBulk) / PERIOD_MS));
      }
      if (now >= s.nextProbe) {
        sink.send(probeRecord());
        s.nextProbe += PERIOD_MS * Math.max(1, Math.ceil((now - s.nextProbe) / PERIOD_MS));
      }
    }
  }
}

/** Frames the received bytes into records; calls onProbe(latencyMs) for each probe. */
export class StreamReceiver {
  private pending: Buffer = Buffer.alloc(0);
  bytes = 0;
  constructor(private readonly onProbe: (latencyMs: number) => void) {}
  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.pending.length < 5) return;
      const length = this.pending.readUInt32BE(1);
      if (this.pending.length < 5 + length) return;
      if (this.pending.readUInt8(0) === 1) this.onProbe(wallNow() - this.pending.readDoubleBE(5));
      this.pending = this.pending.subarray(5 + length);
    }
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
