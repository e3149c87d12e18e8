// Enrollment: exchanges an enrollment token for the device credential and writes it.
import os from 'node:os';
import path from 'node:path';
import { enrollRequestSchema, enrollResponseSchema, type AgentPlatform, type EnrollRequest, type EnrollResponse } from '@roomwarden/protocol';
import { writeCredentials, type Credentials } from './credentials.ts';
import { agentFetch, type AgentFetch } from './http-fetch.ts';
import { machineId as readMachineId } from './machine-id.ts';
import { AGENT_VERSION } from './version.ts';

const ERROR_MESSAGES: Record<string, string> = {
  ENROLLMENT_TOKEN_INVALID: 'the enrollment token is not valid: check that it was copied whole, or create a new one in Settings > Enrollment',
  ENROLLMENT_TOKEN_EXPIRED: 'the enrollment token has expired: create a new one in Settings > Enrollment',
  ENROLLMENT_TOKEN_USED: 'the enrollment token has already been used: create a new one (or a multi-use token) in Settings > Enrollment',
  ENROLLMENT_TOKEN_REVOKED: 'the enrollment token was revoked: create a new one in Settings > Enrollment',
  DEVICE_ALREADY_ENROLLED: 'this machine is already enrolled: use its existing credentials file, or delete the device in the portal before enrolling again',
  DEVICE_REVOKED: 'this machine was revoked in the portal: an administrator must delete the device before it can enroll again',
  VALIDATION_FAILED: 'the server rejected the enrollment request',
  RATE_LIMITED: 'too many enrollment attempts: wait a minute and try again',
};

export class EnrollError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface EnrollOptions {
  server: string;
  token: string;
  /** Where the credentials are written (mode 0600). Omit to only return them. */
  config?: string;
  roomName?: string;
  hostname?: string;
  platform?: AgentPlatform;
  machineId?: string;
  fetch?: AgentFetch;
}

function apiBase(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new EnrollError('BAD_SERVER_URL', `--server must be a URL such as https://roomwarden.example.com (got "${server}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EnrollError('BAD_SERVER_URL', `--server must be an http:// or https:// URL (got "${server}")`);
  return url.toString().replace(/\/+$/, '');
}

export function currentPlatform(): AgentPlatform {
  return process.platform === 'win32' ? 'windows' : 'linux';
}

export async function enroll(options: EnrollOptions): Promise<{ credentials: Credentials; response: EnrollResponse }> {
  const base = apiBase(options.server);
  const stateDir = options.config ? path.dirname(options.config) : path.join(os.tmpdir(), 'roomwarden-agent');
  const body: EnrollRequest = {
    token: options.token,
    hostname: options.hostname ?? os.hostname(),
    platform: options.platform ?? currentPlatform(),
    agentVersion: AGENT_VERSION,
    machineId: options.machineId ?? (await readMachineId(stateDir)),
    ...(options.roomName ? { roomName: options.roomName } : {}),
  };
  const checked = enrollRequestSchema.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new EnrollError('BAD_REQUEST', `${issue?.path.join('.') === 'token' ? 'the token looks wrong (10 to 200 characters)' : `${issue?.path.join('.')}: ${issue?.message}`}`);
  }
  let res: Response;
  try {
    res = await (options.fetch ?? agentFetch)(`${base}/api/v1/agent/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(checked.data),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new EnrollError('UNREACHABLE', `cannot reach ${base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EnrollError('BAD_RESPONSE', `${base} answered ${res.status} with something that is not JSON: is this a Roomwarden server?`, res.status);
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } }).error;
    const code = err?.code ?? `HTTP_${res.status}`;
    throw new EnrollError(code, ERROR_MESSAGES[code] ?? `the server refused the enrollment (${res.status} ${code}${err?.message ? `: ${err.message}` : ''})`, res.status);
  }
  const parsed = enrollResponseSchema.safeParse(json);
  if (!parsed.success) throw new EnrollError('BAD_RESPONSE', `${base} answered with an unexpected enrollment response`, res.status);
  const credentials: Credentials = { server: base, ...parsed.data };
  if (options.config) await writeCredentials(options.config, credentials);
  return { credentials, response: parsed.data };
}
