// Room actions on the portal: their names, and why a button is disabled — from what the
// page knows of the agent (connected, the actions its hello announced). The server has the last word.
import type { ActionOutcome, RoomAction, RoomAgentView } from '@roomwarden/protocol';

export const ACTION_NAMES: Record<RoomAction, string> = { 'restart-device': 'Restart device', 'restart-app': 'Restart room app' };

export const OUTCOME_NAMES: Record<ActionOutcome, string> = { succeeded: 'Succeeded', failed: 'Failed', unavailable: 'Unavailable', timed_out: 'Timed out' };

/** Null when the action may be asked now; otherwise why not, worded for the person at the button. */
export function actionBlockedReason(agent: RoomAgentView | undefined, action: RoomAction): string | null {
  if (!agent) return 'Loading the agent…';
  if (!agent.enrolled) return 'No agent is enrolled for this room.';
  if (!agent.connected) return "The room's agent is offline.";
  if (!(agent.capabilities.actions ?? []).includes(action)) {
    return action === 'restart-app'
      ? "The room's agent has no command to restart the room app (start it with --action restart-app=COMMAND)."
      : "The room's agent has no command to restart the device (start it with --action restart-device=COMMAND).";
  }
  return null;
}

/** What the confirmation says will happen, naming the room. */
export function confirmationOf(action: RoomAction, roomName: string): { title: string; body: string } {
  return action === 'restart-device'
    ? { title: `Restart the device of ${roomName}?`, body: `The console of ${roomName} restarts now: a meeting in the room is cut off, and the room is offline until it is back (usually a few minutes).` }
    : { title: `Restart the room app of ${roomName}?`, body: `The room app of ${roomName} (Teams Rooms on a Teams Rooms console) closes and starts again: a meeting in the room is cut off for a moment.` };
}
