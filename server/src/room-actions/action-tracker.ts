// What becomes of a room action once its agent was asked: the agent's action.result ends
// it (as the agent says); one with no result within roomActionTimeoutMs ends as timed_out;
// one pending when its agent's connection goes away ends then. Every end is written once
// (only a pending row is finished) with its `room.action.result` audit entry.
//
// A restart-device that drops the agent's connection: the agent answers action.result as
// soon as the command returns (`shutdown.exe /r /t 5` and `systemctl reboot` return before
// the system goes down), so it normally ends as the agent said. When the connection goes
// away first (the reboot was quicker than the answer), the server takes "agent went away
// after accepting restart-device" as succeeded, with a message that says so: the restart
// is what the action asked for. Any other action pending at a disconnect ends as failed.
import { MAX_ACTION_OUTPUT_CHARS, type ActionOutcome } from '@roomwarden/protocol';
import { systemCaller, type CallerIdentity } from '../access/caller.ts';
import type { AgentActionResult, AgentLink } from '../gateway/agent-link.ts';
import type { AuditService } from '../platform/audit.service.ts';
import type { Log } from '../platform/log.ts';
import type { RoomActionRecord, RoomActionsRepository } from '../repositories/room-actions.repository.ts';
import type { Transactor } from '../repositories/transactor.ts';
import { actionResultEntry } from './room-action-audit.ts';

export interface ActionTrackerDeps {
  repo: RoomActionsRepository;
  tx: Transactor;
  audit: AuditService;
  agentLink: AgentLink;
  log: Log;
  timings: { timeoutMs: number; sweepMs: number };
}

export interface ActionEnd {
  outcome: ActionOutcome;
  exitCode: number | null;
  output: string;
  message: string | null;
}

const AGENT: CallerIdentity = systemCaller('room agent');

export class ActionTracker {
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: Array<() => void> = [];
  #sweeping: Promise<void> | undefined;

  constructor(private readonly deps: ActionTrackerDeps) {}

  start(): void {
    this.#unsubscribe.push(
      this.deps.agentLink.onActionResult((r) => this.#later(this.#onResult(r), 'recording an action result failed')),
      this.deps.agentLink.onSessionEvent((e) => {
        if (e.type === 'agent.disconnected') this.#later(this.#onAgentGone(e.roomId), 'ending the actions of a disconnected agent failed');
      }),
    );
    this.#timer = setInterval(() => void this.sweep(), this.deps.timings.sweepMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#unsubscribe.forEach((u) => u());
    this.#unsubscribe = [];
    await this.#sweeping;
  }

  /** Ends a pending action with its audit entry; undefined when it had already ended. */
  async finish(id: string, end: ActionEnd, by: CallerIdentity = AGENT): Promise<RoomActionRecord | undefined> {
    return this.deps.tx.run(async (ex) => {
      const done = await this.deps.repo.finish(id, { ...end, output: end.output.slice(0, MAX_ACTION_OUTPUT_CHARS), finishedAt: new Date() }, ex);
      if (done) await this.deps.audit.record(by, actionResultEntry(done), ex);
      return done;
    });
  }

  /** Marks every action pending longer than the timeout as timed_out (each sweep, and on demand in tests). */
  async sweep(): Promise<void> {
    if (this.#sweeping) return this.#sweeping;
    this.#sweeping = (async () => {
      try {
        const stale = await this.deps.repo.pendingSince(new Date(Date.now() - this.deps.timings.timeoutMs));
        for (const a of stale) {
          await this.finish(a.id, { outcome: 'timed_out', exitCode: null, output: '', message: `No result from the room's agent within ${Math.round(this.deps.timings.timeoutMs / 1000)} s` });
        }
      } catch (err) {
        this.deps.log.error({ err }, 'room action sweep failed');
      } finally {
        this.#sweeping = undefined;
      }
    })();
    return this.#sweeping;
  }

  async #onResult(r: AgentActionResult): Promise<void> {
    const a = await this.deps.repo.find(r.actionId);
    // Only the agent of the action's room may end it, and only as the action it was asked.
    if (!a || a.roomId !== r.roomId || a.action !== r.action) {
      this.deps.log.warn({ actionId: r.actionId, roomId: r.roomId }, 'action.result for an action this room was not asked');
      return;
    }
    await this.finish(a.id, { outcome: r.outcome, exitCode: r.exitCode, output: r.output, message: r.message ?? null });
  }

  async #onAgentGone(roomId: string): Promise<void> {
    for (const a of await this.deps.repo.pendingForRoom(roomId)) {
      const end: ActionEnd =
        a.action === 'restart-device'
          ? { outcome: 'succeeded', exitCode: null, output: '', message: "The room's agent disconnected after accepting the restart (the device is restarting)" }
          : { outcome: 'failed', exitCode: null, output: '', message: "The room's agent disconnected before it answered" };
      await this.finish(a.id, end);
    }
  }

  #later(work: Promise<void>, what: string): void {
    work.catch((err: unknown) => this.deps.log.error({ err }, what));
  }
}
