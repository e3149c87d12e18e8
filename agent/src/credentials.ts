// The agent's credentials file: JSON written with mode 0600. A file that others can read
// is still used (the secret is already exposed) but the agent warns and tightens it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const credentialsSchema = z.object({
  server: z.string().min(1),
  deviceId: z.string().min(1),
  deviceSecret: z.string().min(1),
  roomId: z.string().min(1),
  gatewayUrl: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL'),
  region: z.string().min(1),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export class CredentialsError extends Error {
  constructor(
    readonly code: 'NOT_ENROLLED' | 'UNREADABLE' | 'INVALID' | 'INSECURE',
    message: string,
  ) {
    super(message);
  }
}

/** /etc/roomwarden/agent.json for root, ~/.config/roomwarden/agent.json otherwise. */
export function defaultConfigPath(uid = process.getuid?.() ?? -1, home = os.homedir()): string {
  if (process.platform === 'win32') return path.join(process.env.ProgramData ?? 'C:\\ProgramData', 'Roomwarden', 'agent.json');
  return uid === 0 ? '/etc/roomwarden/agent.json' : path.join(home, '.config', 'roomwarden', 'agent.json');
}

/** Writes the file atomically (temp file + rename) with mode 0600; the directory gets 0700 when created. */
export async function writeCredentials(file: string, creds: Credentials): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(credentialsSchema.parse(creds), null, 2)}\n`);
    await handle.chmod(0o600); // the umask may have narrowed it; never widened
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}

export interface ReadCredentialsResult {
  credentials: Credentials;
  /** Set when the file was readable by group or others (it is tightened to 0600). */
  warning?: string;
}

export async function readCredentials(file: string, options: { strict?: boolean } = {}): Promise<ReadCredentialsResult> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CredentialsError('NOT_ENROLLED', `${file} does not exist: enroll first (roomwarden-agent enroll --server URL --token T)`);
    throw new CredentialsError('UNREADABLE', `cannot read ${file}: ${(err as Error).message}`);
  }
  let warning: string | undefined;
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8);
    if (options.strict) throw new CredentialsError('INSECURE', `${file} has mode ${mode}; it holds the device secret and must be 0600 (chmod 600 ${file})`);
    warning = `${file} had mode ${mode}: other users could read the device secret; it is now 0600 (consider revoking the device and re-enrolling)`;
    await fs.chmod(file, 0o600).catch((err: unknown) => {
      warning = `${file} has mode ${mode} and could not be tightened: ${(err as Error).message}`;
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new CredentialsError('INVALID', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CredentialsError('INVALID', `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return warning ? { credentials: parsed.data, warning } : { credentials: parsed.data };
}
