import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretKeyError, loadOrCreateKeyFile, parseSecretsKey } from './secret-box.ts';

const box = () => new SecretBox(randomBytes(32));

describe('SecretBox', () => {
  it('seals and opens a value; the sealed text does not contain it, and two seals differ', () => {
    const b = box();
    const a = b.seal('client-secret-value', 'oidc.clientSecret');
    const c = b.seal('client-secret-value', 'oidc.clientSecret');
    expect(SecretBox.isSealed(a)).toBe(true);
    expect(a).not.toContain('client-secret-value');
    expect(a).not.toBe(c);
    expect(b.open(a, 'oidc.clientSecret')).toBe('client-secret-value');
    expect(b.open(b.seal('', 'p'), 'p')).toBe('');
    expect(b.open(b.seal('ünïcødé ✓', 'p'), 'p')).toBe('ünïcødé ✓');
  });

  it('refuses another key, another purpose, a changed byte, and text that is not sealed', () => {
    const b = box();
    const sealed = b.seal('s3cret', 'oidc.clientSecret');
    expect(() => box().open(sealed, 'oidc.clientSecret')).toThrow(SecretKeyError);
    expect(() => b.open(sealed, 'scim.token')).toThrow(SecretKeyError);
    const last = sealed.at(-1) === 'A' ? 'B' : 'A';
    expect(() => b.open(sealed.slice(0, -1) + last, 'oidc.clientSecret')).toThrow(SecretKeyError);
    expect(() => b.open('s3cret', 'oidc.clientSecret')).toThrow(SecretKeyError);
    expect(() => b.open('rwenc:v1:only.two', 'oidc.clientSecret')).toThrow(SecretKeyError);
  });
});

describe('secrets keys', () => {
  it('parses 32 bytes as base64 or hex, and nothing else', () => {
    const key = randomBytes(32);
    expect(parseSecretsKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseSecretsKey(` ${key.toString('hex')}\n`).equals(key)).toBe(true);
    for (const bad of ['', 'short', randomBytes(16).toString('base64'), randomBytes(48).toString('base64'), 'z'.repeat(64)]) {
      expect(() => parseSecretsKey(bad), bad).toThrow(SecretKeyError);
    }
  });

  it('creates the key file once, readable by its owner only, and reads it back after', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'rw-secrets-')), 'data');
    const first = loadOrCreateKeyFile(dir);
    expect(first.created).toBe(true);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateKeyFile(dir);
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
    expect(readFileSync(first.file, 'utf8').trim()).toBe(first.key.toString('base64'));
  });

  it('says which file is damaged', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-secrets-'));
    writeFileSync(path.join(dir, 'secrets.key'), 'not a key');
    expect(() => loadOrCreateKeyFile(dir)).toThrow(/secrets\.key: must be 32 bytes/);
  });
});
