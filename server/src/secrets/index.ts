import { randomBytes } from 'node:crypto';
import type { Log } from '../platform/log.ts';
import type { Config } from '../config.ts';
import { loadOrCreateKeyFile } from './secret-box.ts';

export { SecretBox, SecretKeyError, loadOrCreateKeyFile, parseSecretsKey } from './secret-box.ts';

/** The key that seals stored secrets: the configured one, else the data directory's key file (an in-memory database gets a key that lives as long as it). */
export function secretsKeyFor(config: Config, memoryDatabase: boolean, log: Log): Buffer {
  if (config.secretsKey) return config.secretsKey;
  if (memoryDatabase) return randomBytes(32);
  const { key, created, file } = loadOrCreateKeyFile(config.dataDir);
  if (created) log.warn({ file }, 'created the key that seals stored secrets; back it up with the database, or set ROOMWARDEN_SECRETS_KEY');
  return key;
}
