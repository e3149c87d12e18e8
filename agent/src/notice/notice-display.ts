// Where the notice is drawn (an X display, a Windows helper, the simulator's screen), and
// the controller that feeds it: the tracker's events in, the display told only when the
// wanted notice changes.
import type { AgentLogger } from '../agent-connection.ts';
import { applyNoticeEvent, NO_SESSIONS, sameNotice, wantedNotice, type NoticeEvent, type NoticeSessions, type WantedNotice } from './session-notice.ts';

export interface NoticeDisplay {
  /** What it draws on, for logs ("X display :0", "Windows desktop", "simulated screen"). */
  readonly describe: string;
  /** Whether it can show the notice now (hello's capabilities.notice). */
  available(): boolean;
  /** Shows the ring with this notice, or takes it away ({kind: 'none'}). Never throws: failures are the display's to log. */
  show(notice: WantedNotice): void;
  /** Takes everything down and releases the display (the agent stops). */
  close(): Promise<void>;
}

export class NoticeController {
  private sessions: NoticeSessions = NO_SESSIONS;
  private shown: WantedNotice = { kind: 'none' };

  constructor(
    private readonly display: NoticeDisplay,
    private readonly log: AgentLogger,
  ) {}

  available(): boolean {
    return this.display.available();
  }

  get current(): WantedNotice {
    return this.shown;
  }

  apply(event: NoticeEvent): void {
    this.sessions = applyNoticeEvent(this.sessions, event);
    const wanted = wantedNotice(this.sessions);
    if (sameNotice(wanted, this.shown)) return;
    this.shown = wanted;
    if (wanted.kind === 'ring') this.log.info('in-room notice shown', { on: this.display.describe, text: wanted.text });
    else this.log.info('in-room notice taken down', { on: this.display.describe });
    this.display.show(wanted);
  }
}
