// Remembers the last signals sent and tells which ones changed. Measurements that move
// all the time (CPU, memory, disk, uptime) count as changed only when their state does;
// the periodic full report carries their current values.
import type { Signal, SignalName } from '@roomwarden/protocol';

const VOLATILE_VALUES: ReadonlySet<SignalName> = new Set(['cpu', 'memory', 'disk', 'uptime']);

function sameSignal(a: Signal, b: Signal): boolean {
  if (a.state !== b.state) return false;
  if (VOLATILE_VALUES.has(a.name)) return true;
  return a.value === b.value && a.detail === b.detail;
}

export class SignalTracker {
  private last = new Map<SignalName, Signal>();

  /** Signals that differ from the last ones recorded; records the new ones. */
  update(signals: readonly Signal[]): Signal[] {
    const changed: Signal[] = [];
    for (const s of signals) {
      const prev = this.last.get(s.name);
      if (!prev || !sameSignal(prev, s)) changed.push(s);
      this.last.set(s.name, s);
    }
    return changed;
  }

  /** The latest value of every signal seen. */
  current(): Signal[] {
    return [...this.last.values()];
  }
}
