import { describe, expect, it } from 'vitest';
import { SimulatedProbe, type AgentConnection } from '@roomwarden/agent';
import { simulatedActions } from './simulated-actions.ts';

function fakeAgent() {
  const drops: number[] = [];
  let probes = 0;
  const agent = { dropFor: (ms: number) => void drops.push(ms), probeOnce: async () => void probes++ } as unknown as AgentConnection;
  return { agent, drops, probes: () => probes };
}

const roomApp = async (probe: SimulatedProbe) => (await probe.collect()).find((s) => s.name === 'roomApp')?.state;

describe('simulated room actions', () => {
  it('restart-app: roomApp is failed for a moment, then back', async () => {
    const probe = new SimulatedProbe({ seed: 1, failureRatePerMinute: 0, recoverySec: 60 });
    const a = fakeAgent();
    const actions = simulatedActions(probe, () => a.agent, { appBlipMs: 100, offlineMs: 100 });
    expect(actions.available()).toEqual(['restart-device', 'restart-app']);
    expect(await actions.run('restart-app')).toMatchObject({ outcome: 'succeeded', exitCode: 0 });
    expect(await roomApp(probe)).toBe('failed');
    await new Promise((r) => setTimeout(r, 200));
    expect(await roomApp(probe)).toBe('ok');
    expect(a.probes()).toBe(2);
  });

  it('restart-device: answers succeeded, then drops the connection for the offline time', async () => {
    const a = fakeAgent();
    const actions = simulatedActions(new SimulatedProbe({ seed: 2, failureRatePerMinute: 0, recoverySec: 60 }), () => a.agent, { appBlipMs: 100, offlineMs: 2_000 });
    expect(await actions.run('restart-device')).toMatchObject({ outcome: 'succeeded', exitCode: 0 });
    expect(a.drops).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    expect(a.drops).toEqual([2_000]);
  });
});
