// In a cluster, which node watches a room's agent is written to the database
// (rooms.agent_node_id): set when the agent says hello here, cleared when this node marks
// the room offline. A node watching a room whose agent went to another node lets it go
// instead of marking it offline; a survivor adopts the rooms a gone node left (cluster/cluster-sweep.ts).
import { MicroBatch } from '../platform/micro-batch.ts';
import type { ClusterRepository } from '../repositories/cluster.repository.ts';

export interface AgentHolders {
  /** This node now watches the room's agent. */
  hold(roomId: string): Promise<void>;
  /** This node no longer does (the room went offline here); a no-op when another node holds it. */
  release(roomId: string): Promise<void>;
  /** Whether another node holds the room's agent now. */
  heldElsewhere(roomId: string): Promise<boolean>;
  /** The rooms to watch at start: those this node held before it restarted. */
  heldHere(): Promise<Array<{ id: string; name: string; siteId: string | null; status: string }>>;
}

export function databaseAgentHolders(repo: ClusterRepository, nodeId: string): AgentHolders {
  // Agents reconnecting by the thousand (a node was lost) are written a few hundred per statement.
  const holds = new MicroBatch<string, void>((roomIds) => repo.holdAll(roomIds.sort(), nodeId));
  return {
    hold: async (roomId) => void (await holds.load(roomId)),
    release: (roomId) => repo.release(roomId, nodeId),
    heldElsewhere: async (roomId) => {
      const holder = await repo.holderOf(roomId);
      return holder !== null && holder !== nodeId;
    },
    heldHere: () => repo.heldBy(nodeId),
  };
}
