// Which notice display this agent uses: on Linux the X display `--notice-display` names
// (else DISPLAY), on Windows the WinForms helper; none elsewhere, or on Linux without any
// X display (then hello says notice: false and the log says why).
import type { AgentLogger } from '../agent-connection.ts';
import type { NoticeDisplay } from './notice-display.ts';
import { WindowsNoticeDisplay } from './windows-notice.ts';
import { X11NoticeDisplay } from './x11-notice.ts';

export interface NoticeChoice {
  platform: NodeJS.Platform;
  /** --notice-display */
  display?: string;
  env: NodeJS.ProcessEnv;
  /** The agent's state directory (where its credentials are). */
  stateDir: string;
  log: AgentLogger;
}

export async function createNoticeDisplay(choice: NoticeChoice): Promise<NoticeDisplay | undefined> {
  if (choice.platform === 'win32') return new WindowsNoticeDisplay({ stateDir: choice.stateDir, log: choice.log });
  const display = choice.display ?? choice.env.DISPLAY;
  if (!display) {
    choice.log.warn('no X display for the in-room notice (give run --notice-display :0, or DISPLAY): the room will not see a ring during remote sessions');
    return undefined;
  }
  const x = new X11NoticeDisplay({ display, log: choice.log });
  await x.probe();
  return x;
}
