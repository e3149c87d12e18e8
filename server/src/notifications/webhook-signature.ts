// Standard Webhooks (https://www.standardwebhooks.com): a secret is `whsec_` and base64 of
// random bytes, the HMAC key is the decoded part; each request carries `webhook-id` (the
// outbox item's id: a receiver that saw it already drops the repeat), `webhook-timestamp`
// (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(24).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export function webhookSignature(secret: string, id: string, timestampSec: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSec}.${body}`).digest('base64')}`;
}

export function webhookHeaders(secret: string, id: string, timestampSec: number, body: string): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSec), 'webhook-signature': webhookSignature(secret, id, timestampSec, body) };
}

/** A receiver's check: one of the space-separated signatures matches. */
export function verifyWebhook(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, headers.id, Number(headers.timestamp), body));
  return headers.signature.split(' ').some((s) => {
    const got = Buffer.from(s);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
