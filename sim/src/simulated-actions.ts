// The simulator's room actions: both, simulated. restart-app makes the roomApp signal blip
// (failed for a few seconds, then back to what the simulation says); restart-device answers
// succeeded, then the room goes offline for a few seconds, as a console restarting does,
// and comes back.
import type { AgentConnection, ActionRunResult, SimulatedProbe } from '@roomwarden/agent';
import type { RoomAction } from '@roomwarden/protocol';

export interface SimulatedActionTimings {
  /** How long restart-app keeps roomApp failed. */
  appBlipMs: number;
  /** How long restart-device keeps the room offline. */
  offlineMs: number;
}

export const DEFAULT_SIMULATED_ACTION_TIMINGS: SimulatedActionTimings = { appBlipMs: 4_000, offlineMs: 6_000 };

export function simulatedActions(probe: SimulatedProbe, agent: () => AgentConnection, timings: SimulatedActionTimings = DEFAULT_SIMULATED_ACTION_TIMINGS) {
  return {
    available: (): RoomAction[] => ['restart-device', 'restart-app'],
    run: async (action: RoomAction): Promise<ActionRunResult> => {
      if (action === 'restart-app') {
        probe.force('roomApp', 'failed');
        void agent().probeOnce();
        setTimeout(() => {
          probe.force('roomApp', undefined);
          void agent().probeOnce();
        }, timings.appBlipMs).unref();
        return { outcome: 'succeeded', exitCode: 0, output: 'simulated: the room app is restarting\n' };
      }
      // The answer goes out first; the "reboot" follows.
      setTimeout(() => agent().dropFor(timings.offlineMs, 'simulated device restart'), 300).unref();
      return { outcome: 'succeeded', exitCode: 0, output: `simulated: restarting the device (offline for ${Math.round(timings.offlineMs / 1000)} s)\n` };
    },
  };
}
