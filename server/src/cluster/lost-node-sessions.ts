// When a node dies, the sessions it held have no relay any more: a survivor (the one that
// holds the cluster's sweep lease) ends them with `node_lost`. Each ends once, whichever
// node or how many try (the row's end is one conditional UPDATE), with its `session.end`
// entry, and the agent is told to close its side.
import type { SessionsRepository } from '../repositories/sessions.repository.ts';
import type { SessionSupervisor } from '../sessions/session-supervisor.ts';

export interface LostNodeSessionsDeps {
  sessions: Pick<SessionsRepository, 'unended'>;
  supervisor: Pick<SessionSupervisor, 'end'>;
}

/** Ends the open sessions of a node that is gone; answers how many this call ended. */
export async function endSessionsOfLostNode(deps: LostNodeSessionsDeps, nodeId: string): Promise<number> {
  let ended = 0;
  for (const s of await deps.sessions.unended(nodeId)) if (await deps.supervisor.end(s.id, 'node_lost', { notifyAgent: true })) ended++;
  return ended;
}
