// What each kind of channel receives for a notification: the webhook body as it is, a Teams
// Adaptive Card message, a Slack incoming-webhook `{text, blocks}`, an email's subject and
// text. One list of facts per notification feeds all of them.
import { NOTIFICATION_EVENT_LABELS, notificationDataSchema, notificationSummary, type NotificationBody, type NotificationData } from '@roomwarden/protocol';

export interface Fact {
  title: string;
  value: string;
}

/** The stored body's data, parsed (an item written by an older server that does not parse is shown by its type). */
export function parsedData(body: NotificationBody): NotificationData | undefined {
  const r = notificationDataSchema.safeParse(body.data);
  return r.success ? r.data : undefined;
}

export function summaryOf(body: NotificationBody): string {
  const data = parsedData(body);
  return data ? notificationSummary(data) : NOTIFICATION_EVENT_LABELS[body.type] ?? body.type;
}

export function factsOf(data: NotificationData | undefined, at: string): Fact[] {
  const facts: Fact[] = [];
  if (data && 'room' in data && data.room) facts.push({ title: 'Room', value: data.room.name });
  if (data && (data.type === 'incident.opened' || data.type === 'incident.resolved')) {
    facts.push({ title: 'Severity', value: data.incident.severity });
    if (data.incident.signal) facts.push({ title: 'Signal', value: data.incident.signal });
    if (data.incident.detail) facts.push({ title: 'Detail', value: data.incident.detail });
  }
  if (data && (data.type === 'session.started' || data.type === 'session.ended')) {
    facts.push({ title: 'Who', value: data.session.userLabel }, { title: 'Mode', value: data.session.mode });
    if (data.session.endReason) facts.push({ title: 'Why it ended', value: data.session.endReason });
  }
  if (data?.type === 'notification.digest') facts.push({ title: 'Changes', value: data.types.map((t) => NOTIFICATION_EVENT_LABELS[t as keyof typeof NOTIFICATION_EVENT_LABELS] ?? t).join(', ') });
  facts.push({ title: 'When', value: at });
  return facts;
}

/** A Teams Workflows / incoming-webhook message holding one Adaptive Card. */
export function teamsMessage(body: NotificationBody): Record<string, unknown> {
  const data = parsedData(body);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: 'Roomwarden', size: 'Small', isSubtle: true },
            { type: 'TextBlock', text: summaryOf(body), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'FactSet', facts: factsOf(data, body.timestamp) },
          ],
        },
      },
    ],
  };
}

/** A Slack incoming-webhook message: `text` (notifications, fallback) and blocks. */
export function slackMessage(body: NotificationBody): Record<string, unknown> {
  const summary = summaryOf(body);
  const facts = factsOf(parsedData(body), body.timestamp);
  return {
    text: summary,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${summary}*` } },
      { type: 'section', fields: facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${f.title}*\n${f.value}` })) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Roomwarden' }] },
    ],
  };
}

export function emailMessage(body: NotificationBody): { subject: string; text: string } {
  const summary = summaryOf(body);
  const facts = factsOf(parsedData(body), body.timestamp);
  return { subject: `[Roomwarden] ${summary}`, text: `${summary}\n\n${facts.map((f) => `${f.title}: ${f.value}`).join('\n')}\n\n-- Roomwarden\n` };
}
