// Enrollment throughput: `count` agents enroll through POST /api/v1/agent/enroll, spread
// round-robin over the given nodes, `concurrency` requests in flight at once. Each is a
// real enrollment (a room, a device, two hash-chained audit entries, a token use).
import { randomBytes } from 'node:crypto';

export interface EnrollmentFigures {
  count: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
}

export async function measureEnrollment(bases: readonly string[], tokens: readonly string[], count: number, concurrency: number): Promise<EnrollmentFigures> {
  const run = randomBytes(4).toString('hex');
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let firstError = '';
  const t0 = performance.now();
  const worker = async (w: number) => {
    while (next < count) {
      const i = next++;
      const base = bases[i % bases.length] as string;
      const token = tokens[i % tokens.length] as string;
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/agent/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, hostname: `enroll-${run}-${i}`, machineId: `enroll-${run}-${i}`, platform: 'sim', agentVersion: '0.0.0-bench', roomName: `Enrollment ${run} ${i}` }),
      });
      const text = await res.text();
      if (res.status !== 201 && res.status !== 200) {
        failed++;
        firstError ||= `${res.status} ${text.slice(0, 200)} (worker ${w})`;
      } else latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  if (failed > 0 && latencies.length === 0) throw new Error(`every enrollment failed: ${firstError}`);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN);
  return { count, concurrency, seconds, perSecond: latencies.length / seconds, p50Ms: at(50), p99Ms: at(99), failed };
}
