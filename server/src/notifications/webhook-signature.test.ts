import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, verifyWebhook, webhookSignature } from './webhook-signature.ts';

describe('Standard Webhooks signature', () => {
  it('a secret is whsec_ and base64 of 24 random bytes', () => {
    const s = newWebhookSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(s.slice(6), 'base64').length).toBe(24);
    expect(newWebhookSecret()).not.toBe(s);
  });

  it('signs "id.timestamp.body" with the decoded key (the spec example)', () => {
    // The example of the Standard Webhooks specification.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(webhookSignature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    expect(webhookSignature(secret, 'm', 1, 'b')).toBe(`v1,${createHmac('sha256', key).update('m.1.b').digest('base64')}`);
  });

  it('verifies, and refuses a changed body', () => {
    const secret = newWebhookSecret();
    const sig = webhookSignature(secret, 'id1', 100, '{}');
    expect(verifyWebhook(secret, { id: 'id1', timestamp: '100', signature: `v1,bogus ${sig}` }, '{}')).toBe(true);
    expect(verifyWebhook(secret, { id: 'id1', timestamp: '100', signature: sig }, '{"a":1}')).toBe(false);
  });
});
