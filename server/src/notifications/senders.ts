// Sends one outbox item to its far end: a webhook (signed, Standard Webhooks), a Teams or
// Slack incoming webhook, or email through the SMTP settings (nodemailer). Every request has
// a timeout (no hang); the answer's status and first bytes are kept for the deliveries page.
import nodemailer from 'nodemailer';
import type { NotificationBody } from '@roomwarden/protocol';
import type { ChannelRecord, NotificationChannelsRepository } from '../repositories/notification-channels.repository.ts';
import type { OutboxRecord } from '../repositories/notification-outbox.repository.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { emailMessage, slackMessage, teamsMessage } from './messages.ts';
import type { SmtpSettings } from './notification-settings.service.ts';
import { webhookHeaders } from './webhook-signature.ts';

export const WEBHOOK_SECRET_PURPOSE = 'notifications.webhook.secret';
const ANSWER_BYTES = 500;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  answer: string | null;
  error: string | null;
}

export interface NotificationSender {
  send(item: OutboxRecord): Promise<SendResult>;
}

export interface SendersDeps {
  channels: NotificationChannelsRepository;
  smtp: () => Promise<SmtpSettings | undefined>;
  secrets: SecretBox;
  timeoutMs: number;
  userAgent: string;
  now?: () => Date;
}

const failed = (error: string, statusCode: number | null = null, answer: string | null = null): SendResult => ({ ok: false, statusCode, answer, error });

export class ChannelSenders implements NotificationSender {
  private readonly now: () => Date;
  constructor(private readonly deps: SendersDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async send(item: OutboxRecord): Promise<SendResult> {
    const body = item.body as NotificationBody;
    const channel = item.channelId ? await this.deps.channels.findById(item.channelId) : undefined;
    if (item.channelId && !channel) return failed('The channel was deleted');
    try {
      if (item.channelType === 'email') return await this.#email(item.recipient ?? channel?.addresses.join(', ') ?? '', body);
      if (!channel?.url) return failed('The channel has no URL');
      if (item.channelType === 'webhook') return await this.#webhook(item.id, channel, body);
      return await this.#post(channel.url, JSON.stringify(item.channelType === 'teams' ? teamsMessage(body) : slackMessage(body)), {});
    } catch (err) {
      return failed(errorText(err));
    }
  }

  async #webhook(id: string, channel: ChannelRecord, body: NotificationBody): Promise<SendResult> {
    if (!channel.secret) return failed('The webhook has no signing secret');
    const secret = this.deps.secrets.open(channel.secret, WEBHOOK_SECRET_PURPOSE);
    const text = JSON.stringify(body);
    return this.#post(channel.url!, text, webhookHeaders(secret, id, Math.floor(this.now().getTime() / 1000), text));
  }

  async #post(url: string, text: string, headers: Record<string, string>): Promise<SendResult> {
    const signal = AbortSignal.timeout(this.deps.timeoutMs);
    const res = await fetch(url, { method: 'POST', body: text, redirect: 'manual', signal, headers: { 'content-type': 'application/json', 'user-agent': this.deps.userAgent, ...headers } });
    const answer = (await readStart(res, signal)).slice(0, ANSWER_BYTES);
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, answer, error: null };
    return failed(`The far end answered ${res.status}`, res.status, answer);
  }

  async #email(to: string, body: NotificationBody): Promise<SendResult> {
    const smtp = await this.deps.smtp();
    if (!smtp) return failed('No SMTP server is set (Settings > Notifications)');
    if (!smtp.from) return failed('No sender address is set (Settings > Notifications)');
    if (!to) return failed('No address to send to');
    const t = this.deps.timeoutMs;
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.security === 'tls',
      requireTLS: smtp.security === 'starttls',
      ignoreTLS: smtp.security === 'none',
      ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password } } : {}),
      connectionTimeout: t,
      greetingTimeout: t,
      socketTimeout: t,
    });
    try {
      const { subject, text } = emailMessage(body);
      const info = (await transport.sendMail({ from: smtp.from, to, subject, text })) as { response?: string };
      const answer = (info.response ?? '').slice(0, ANSWER_BYTES);
      return { ok: true, statusCode: smtpCode(answer), answer, error: null };
    } catch (err) {
      const e = err as { responseCode?: number; response?: string };
      return failed(errorText(err), e.responseCode ?? null, e.response?.slice(0, ANSWER_BYTES) ?? null);
    } finally {
      transport.close();
    }
  }
}

function smtpCode(answer: string): number | null {
  const m = /^(\d{3})/.exec(answer);
  return m ? Number(m[1]) : null;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    return `${err.name === 'TimeoutError' ? 'Timed out' : err.message}${why}`.slice(0, 500);
  }
  return String(err).slice(0, 500);
}

/** The first bytes of a body (never the whole of a large one), within the request's timeout. */
async function readStart(res: Response, signal: AbortSignal): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ANSWER_BYTES * 4 && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    // Whatever is left unread is dropped; a body that already ended (or errored) cannot be cancelled, and needs nothing more.
    await reader.cancel().catch((err: unknown) => void err);
  }
  return Buffer.concat(chunks).toString('utf8');
}
