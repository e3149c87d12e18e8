import { describe, expect, it } from 'vitest';
import type { NotificationBody } from '@roomwarden/protocol';
import { emailMessage, slackMessage, summaryOf, teamsMessage } from './messages.ts';

const opened: NotificationBody = {
  type: 'incident.opened',
  timestamp: '2026-12-02T10:00:00.000Z',
  data: {
    type: 'incident.opened',
    room: { id: 'r1', name: 'Board Room 4.01', siteId: 's1' },
    incident: { id: 'i1', title: 'Camera failed', severity: 'high', signal: 'camera', detail: 'USB camera not found', openedAt: '2026-12-02T10:00:00.000Z', resolvedAt: null },
  },
};

describe('notification messages', () => {
  it('a Teams message holds one Adaptive Card with the summary and the facts', () => {
    const m = teamsMessage(opened) as any;
    expect(m.type).toBe('message');
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = m.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: '[high] Camera failed on Board Room 4.01', wrap: true });
    expect(card.body[2].facts).toEqual(expect.arrayContaining([{ title: 'Room', value: 'Board Room 4.01' }, { title: 'Severity', value: 'high' }, { title: 'Detail', value: 'USB camera not found' }]));
  });

  it('a Slack message has text (the fallback) and blocks', () => {
    const m = slackMessage(opened) as any;
    expect(m.text).toBe('[high] Camera failed on Board Room 4.01');
    expect(m.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*[high] Camera failed on Board Room 4.01*' } });
    expect(m.blocks[1].fields).toContainEqual({ type: 'mrkdwn', text: '*Signal*\ncamera' });
  });

  it('an email has a subject and the facts as lines', () => {
    const m = emailMessage(opened);
    expect(m.subject).toBe('[Roomwarden] [high] Camera failed on Board Room 4.01');
    expect(m.text).toContain('Room: Board Room 4.01\nSeverity: high\nSignal: camera\nDetail: USB camera not found');
  });

  it('a digest says how many changes it folds; a body that does not parse is named by its type', () => {
    const digest: NotificationBody = { type: 'notification.digest', timestamp: 'x', data: { type: 'notification.digest', room: { id: 'r', name: 'Huddle 2', siteId: null }, count: 4, types: ['room.offline'], firstAt: 'a', lastAt: 'b' } };
    expect(summaryOf(digest)).toBe('4 more changes on Huddle 2');
    expect(summaryOf({ type: 'room.offline', timestamp: 'x', data: { nonsense: true } })).toBe('Room offline');
  });
});
