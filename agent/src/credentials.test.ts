import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsError, defaultConfigPath, readCredentials, writeCredentials, type Credentials } from './credentials.ts';

const creds: Credentials = {
  server: 'https://rw.example.com',
  deviceId: '6b1f0b7e-0000-4000-8000-000000000001',
  deviceSecret: 'rwd_secret_value',
  roomId: '6b1f0b7e-0000-4000-8000-000000000002',
  gatewayUrl: 'wss://rw.example.com/api/v1/agent/connect',
  region: 'default',
};

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rw-creds-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('credentials file', () => {
  it('is written with mode 0600 (directory 0700) and reads back', async () => {
    const file = path.join(dir, 'nested', 'agent.json');
    const oldMask = process.umask(0o000);
    try {
      await writeCredentials(file, creds);
    } finally {
      process.umask(oldMask);
    }
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readCredentials(file)).toEqual({ credentials: creds });
  });

  it('stays 0600 when rewritten over a wider file', async () => {
    const file = path.join(dir, 'agent.json');
    await fs.writeFile(file, '{}', { mode: 0o644 });
    await writeCredentials(file, creds);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('warns about a file others can read and tightens it', async () => {
    const file = path.join(dir, 'agent.json');
    await writeCredentials(file, creds);
    await fs.chmod(file, 0o644);
    const r = await readCredentials(file);
    expect(r.warning).toMatch(/had mode 644.*now 0600/);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a wide file in strict mode', async () => {
    const file = path.join(dir, 'agent.json');
    await writeCredentials(file, creds);
    await fs.chmod(file, 0o640);
    await expect(readCredentials(file, { strict: true })).rejects.toMatchObject({ code: 'INSECURE' });
  });

  it('says "enroll first" when missing and names the problem when invalid', async () => {
    await expect(readCredentials(path.join(dir, 'none.json'))).rejects.toMatchObject({ code: 'NOT_ENROLLED', message: expect.stringContaining('enroll') });
    const file = path.join(dir, 'bad.json');
    await fs.writeFile(file, '{not json', { mode: 0o600 });
    await expect(readCredentials(file)).rejects.toBeInstanceOf(CredentialsError);
    await fs.writeFile(file, JSON.stringify({ ...creds, gatewayUrl: 'http://x' }), { mode: 0o600 });
    await expect(readCredentials(file)).rejects.toMatchObject({ code: 'INVALID', message: expect.stringContaining('gatewayUrl') });
  });

  it('defaults to /etc/roomwarden for root and the home directory otherwise', () => {
    expect(defaultConfigPath(0, '/root')).toBe('/etc/roomwarden/agent.json');
    expect(defaultConfigPath(1000, '/home/ops')).toBe('/home/ops/.config/roomwarden/agent.json');
  });
});
