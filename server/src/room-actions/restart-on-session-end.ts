// "Restart the device when this session ends": a start with restartDeviceOnEnd marks its
// session; when the session ends (any reason) the node that takes the mark (once across
// nodes, repositories/room-actions.repository.ts claimRestartOnEnd) runs restart-device on
// the room, linked to the session and audited as any other action. An agent that is offline
// or lost its restart-device command by then is recorded as a failed / unavailable action,
// so that the room's list says what became of the request. A session the server ended
// because it stopped (or found left open by a previous run) restarts nothing: stopping or
// upgrading the server must not reboot the rooms it had sessions on.
import type { BusEventOf, EventBus } from '../bus/event-bus.ts';
import { systemCaller } from '../access/caller.ts';
import type { AgentLink } from '../gateway/agent-link.ts';
import type { Log } from '../platform/log.ts';
import type { RoomActionsRepository } from '../repositories/room-actions.repository.ts';
import type { ActionTracker } from './action-tracker.ts';
import { agentRefusal, type RoomActionsService } from './room-actions.service.ts';

export interface RestartOnSessionEndDeps {
  repo: RoomActionsRepository;
  service: RoomActionsService;
  tracker: ActionTracker;
  agentLink: AgentLink;
  bus: EventBus;
  log: Log;
}

/** End reasons that are the server's own stop, not the end of the technician's work. */
const SERVER_STOPS: ReadonlySet<string> = new Set(['server_shutdown', 'server_restart']);

export class RestartOnSessionEnd {
  #unsubscribe: (() => void) | undefined;
  constructor(private readonly deps: RestartOnSessionEndDeps) {}

  start(): void {
    // Only the node that ended the session acts (it publishes session.ended); the claim is atomic besides.
    this.#unsubscribe = this.deps.bus.subscribe(['session.ended'], (event, delivery) => (delivery.local ? this.#onEnded(event) : undefined));
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  async #onEnded(event: BusEventOf<'session.ended'>): Promise<void> {
    const s = event.session;
    try {
      if (!(await this.deps.repo.claimRestartOnEnd(s.id))) return;
      const by = { identity: systemCaller(`session end (${s.userLabel})`), userId: s.userId, label: s.userLabel, sessionId: s.id };
      const room = { id: s.roomId, name: s.roomName };
      if (s.endReason !== null && SERVER_STOPS.has(s.endReason)) {
        const record = await this.deps.service.record(room, 'restart-device', by);
        await this.deps.tracker.finish(record.id, { outcome: 'failed', exitCode: null, output: '', message: `Not run: the session ended because the server stopped (${s.endReason})` });
        return;
      }
      const refusal = agentRefusal(await this.deps.agentLink.presence(s.roomId), 'restart-device');
      if (!refusal) {
        await this.deps.service.request(room, 'restart-device', by);
        return;
      }
      // Recorded all the same: the room's list and the audit say the restart did not happen, and why.
      const record = await this.deps.service.record(room, 'restart-device', by);
      await this.deps.tracker.finish(record.id, {
        outcome: refusal.code === 'AGENT_OFFLINE' ? 'failed' : 'unavailable',
        exitCode: null,
        output: '',
        message: `Not run when the session ended: ${refusal.message}`,
      });
    } catch (err) {
      this.deps.log.error({ err, sessionId: s.id }, 'restarting the device at the end of a session failed');
    }
  }
}
