// Which command the agent runs for each room action: the platform's default, replaced (or,
// with an empty command, turned off) by `--action NAME=COMMAND`. Pure, so tests pin it.
//
// Defaults:
//   windows  restart-device  shutdown.exe /r /t 5 /c "Restarted from Roomwarden"
//            restart-app     stops the Teams Rooms app (Microsoft.SkypeRoomSystem, and the new
//                            Teams client ms-teams); the Teams Rooms console's shell starts it
//                            again at once, as after a crash. A console set up otherwise
//                            gives its own command with --action restart-app=...
//   linux    restart-device  systemctl reboot
//            restart-app     none: a Linux console's room app is whatever the customer runs
//                            (a kiosk browser, a systemd unit…); give one with --action
//                            restart-app="systemctl restart my-room-app"
// A command runs through the platform's shell (cmd.exe on Windows, /bin/sh elsewhere), as
// the agent's service user (SYSTEM / root), so it may reboot the machine: the tests always
// pass harmless commands.
import { ROOM_ACTIONS, type RoomAction } from '@roomwarden/protocol';

export type ActionCommands = Partial<Record<RoomAction, string>>;

export const WINDOWS_RESTART_APP =
  'powershell.exe -NoProfile -NonInteractive -Command "Get-Process -Name Microsoft.SkypeRoomSystem,ms-teams -ErrorAction SilentlyContinue | Stop-Process -Force -PassThru | Select-Object -ExpandProperty Name"';

export function defaultActionCommands(platform: NodeJS.Platform = process.platform): ActionCommands {
  if (platform === 'win32') return { 'restart-device': 'shutdown.exe /r /t 5 /c "Restarted from Roomwarden"', 'restart-app': WINDOWS_RESTART_APP };
  if (platform === 'linux') return { 'restart-device': 'systemctl reboot' };
  return {};
}

/** `--action NAME=COMMAND` overrides: a command replaces the default, an empty one turns it off. */
export function actionCommands(overrides: ActionCommands, platform: NodeJS.Platform = process.platform): ActionCommands {
  const merged: ActionCommands = { ...defaultActionCommands(platform), ...overrides };
  for (const name of ROOM_ACTIONS) if (merged[name] === '') delete merged[name];
  return merged;
}
