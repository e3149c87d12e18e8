// The in-room notice (DESIGN "Remote session", point 8): the red ring and who is connected,
// on the room's screen while any session is live.
export { applyNoticeEvent, connectedViewers, NO_SESSIONS, noticeText, sameNotice, wantedNotice, type NoticeEvent, type NoticeSessions, type WantedNotice } from './session-notice.ts';
export { NoticeController, type NoticeDisplay } from './notice-display.ts';
export { DEFAULT_BAR_PX, LABEL_TEXT_COLOUR, RING_COLOUR, RING_RGB, ringLayout, toLatin1, type NoticeRect, type RingLayout } from './ring-layout.ts';
export { X11NoticeDisplay, type X11NoticeOptions } from './x11-notice.ts';
export { WindowsNoticeDisplay, type WindowsNoticeOptions } from './windows-notice.ts';
export { NOTICE_SCRIPT, NOTICE_SCRIPT_NAME, noticeHelperCommand, noticeTextLine } from './windows-notice-script.ts';
export { createNoticeDisplay, type NoticeChoice } from './create-notice.ts';
