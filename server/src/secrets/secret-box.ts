// Secrets the server must be able to read back (an OpenID Connect client secret is sent to
// the provider, so it cannot be hashed) are sealed with AES-256-GCM before they reach the
// database. The key lives outside the database: ROOMWARDEN_SECRETS_KEY (every node of a
// cluster needs the same one), or a key file in the data directory created on first start.
// A database dump or backup alone then does not give the secret away.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PREFIX = 'rwenc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export class SecretKeyError extends Error {}

/** A 32-byte key from base64 (44 characters) or hex (64 characters). */
export function parseSecretsKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t, 'base64') : undefined;
  if (!key || key.length !== KEY_BYTES) throw new SecretKeyError('must be 32 bytes, as 44 base64 or 64 hex characters (openssl rand -base64 32)');
  return key;
}

/** The key file in the data directory, created (mode 0600) when there is none. */
export function loadOrCreateKeyFile(dataDir: string): { key: Buffer; created: boolean; file: string } {
  const file = path.join(dataDir, 'secrets.key');
  if (existsSync(file)) {
    try {
      return { key: parseSecretsKey(readFileSync(file, 'utf8')), created: false, file };
    } catch (err) {
      throw new SecretKeyError(`${file}: ${(err as Error).message}`);
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { key, created: true, file };
}

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new SecretKeyError(`a secrets key has ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** Seals a value for one purpose (a sealed value only opens for the purpose it was sealed for). */
  seal(plain: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Opens a sealed value; throws if it was changed, sealed with another key, or for another purpose. */
  open(sealed: string, purpose: string): string {
    if (!SecretBox.isSealed(sealed)) throw new SecretKeyError('not a sealed value');
    const parts = sealed.slice(PREFIX.length).split('.');
    if (parts.length !== 3) throw new SecretKeyError('a sealed value has three parts');
    const [iv, tag, body] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
    if (iv.length !== IV_BYTES || tag.length !== 16) throw new SecretKeyError('a sealed value has a 12-byte nonce and a 16-byte tag');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError('the sealed value does not open with this key (another key, another purpose, or changed)');
    }
  }
}
