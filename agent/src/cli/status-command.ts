// roomwarden-agent status: enrolled or not, running or not, the server's view of the room,
// and how the last self-update went.
import { CredentialsError, defaultConfigPath, readCredentials } from '../credentials.ts';
import { agentFetch } from '../http-fetch.ts';
import { AGENT_VERSION } from '../version.ts';
import type { Command } from './args.ts';
import type { CliIo } from './cli-io.ts';
import { processAlive, readState } from './state-file.ts';

export async function statusCommand(cmd: Extract<Command, { command: 'status' }>, io: CliIo): Promise<number> {
  const config = cmd.config ?? defaultConfigPath();
  let creds;
  try {
    const r = await readCredentials(config);
    creds = r.credentials;
    if (r.warning) io.err(`warning: ${r.warning}\n`);
  } catch (err) {
    if (err instanceof CredentialsError && err.code === 'NOT_ENROLLED') {
      io.out(`enrolled:  no (${config} not found)\n`);
      return 1;
    }
    throw err;
  }
  io.out(`enrolled:  yes (${config})\ndevice:    ${creds.deviceId}\nroom:      ${creds.roomId}\nserver:    ${creds.server}\ngateway:   ${creds.gatewayUrl} (region ${creds.region})\n`);
  const state = await readState(config);
  if (state && processAlive(state.pid)) io.out(`agent:     running (pid ${state.pid}), ${state.state} since ${state.since}${state.roomName ? ` as "${state.roomName}"` : ''}${state.detail ? ` (${state.detail})` : ''}\n`);
  else io.out(`agent:     not running${state ? ` (last: ${state.state}${state.detail ? `, ${state.detail}` : ''} at ${state.since})` : ''}\n`);
  io.out(`version:   ${AGENT_VERSION}\n`);
  const update = state?.update;
  if (update?.state === 'failed') io.out(`update:    FAILED at ${update.at}: ${update.fromVersion} -> ${update.targetVersion}: ${update.message ?? 'no reason given'} (still running ${update.fromVersion})\n`);
  else if (update) io.out(`update:    updated from ${update.fromVersion} to ${update.targetVersion} at ${update.at}\n`);
  try {
    const res = await agentFetch(`${creds.server}/healthz`, { signal: AbortSignal.timeout(5_000) });
    io.out(`server:    ${res.ok ? 'reachable' : `answered ${res.status}`}\n`);
  } catch (err) {
    io.out(`server:    unreachable (${((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message)})\n`);
    return 0;
  }
  const token = cmd.apiToken ?? process.env.ROOMWARDEN_API_TOKEN;
  if (!token) {
    io.out('online:    pass --api-token (or ROOMWARDEN_API_TOKEN) to ask the server\n');
    return 0;
  }
  const res = await agentFetch(`${creds.server}/api/v1/rooms/${encodeURIComponent(creds.roomId)}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) io.out(`online:    the server answered ${res.status} for the room\n`);
  else {
    const room = (await res.json()) as { name?: string; status?: string; lastSeenAt?: string | null };
    io.out(`online:    ${room.status === 'offline' ? 'no' : 'yes'} (room "${room.name ?? '?'}" is ${room.status ?? '?'}, last seen ${room.lastSeenAt ?? 'never'})\n`);
  }
  return 0;
}
