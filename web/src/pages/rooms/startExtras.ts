// What the Start session dialog sends beyond the mode (DESIGN "Remote session" 9, 10): the
// display chosen, and during a meeting the override with its reason, which only a Remote
// access Modify holder may send; Start waits for the reason.
import { mayOverrideMeeting, type Level } from '@roomwarden/protocol';

export const MAX_OVERRIDE_REASON = 500;

export interface MeetingAndDisplayChoice {
  display: string | undefined;
  reason: string;
}

/** What the start sends beyond its mode, and whether Start may be pressed. */
export function startExtras(choice: MeetingAndDisplayChoice, inMeeting: boolean, level: Level): { body: { display?: string; override?: { reason: string } }; ready: boolean } {
  const reason = choice.reason.trim();
  const override = inMeeting && mayOverrideMeeting(level) && reason.length > 0 ? { reason: reason.slice(0, MAX_OVERRIDE_REASON) } : undefined;
  return {
    body: { ...(choice.display !== undefined ? { display: choice.display } : {}), ...(override ? { override } : {}) },
    ready: !inMeeting || override !== undefined,
  };
}
