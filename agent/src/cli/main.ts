// roomwarden-agent: enroll, run, status.
import fsp from 'node:fs/promises';
import os from 'node:os';
import { AgentConnection, type AgentLogger } from '../agent-connection.ts';
import { CredentialsError, defaultConfigPath, readCredentials } from '../credentials.ts';
import { enroll, EnrollError } from '../enroll.ts';
import { createProbe } from '../probes/create-probe.ts';
import type { SessionCallbacks, SessionHandler, VncOptions } from '../session-handler.ts';
import { createSessionHandler } from '../vnc/index.ts';
import { AGENT_VERSION } from '../version.ts';
import { parseCommandLine, USAGE, UsageError, type Command } from './args.ts';
import { processAlive, readState, writeState } from './state-file.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function consoleLogger(io: CliIo): AgentLogger {
  const line = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    io.err(`${new Date().toISOString()} ${level} ${msg}${fields ? ` ${Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}` : ''}\n`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

async function readPassword(file: string, log: AgentLogger): Promise<string> {
  const st = await fsp.stat(file);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) log.warn(`${file} can be read by other users; chmod 600 it`);
  return (await fsp.readFile(file, 'utf8')).replace(/\r?\n$/, '');
}

async function runCommand(cmd: Extract<Command, { command: 'run' }>, io: CliIo): Promise<number> {
  const log = consoleLogger(io);
  const config = cmd.config ?? defaultConfigPath();
  const { credentials, warning } = await readCredentials(config);
  if (warning) log.warn(warning);
  let sessionHandler: ((callbacks: SessionCallbacks) => SessionHandler) | undefined;
  if (cmd.vnc) {
    const vnc: VncOptions = { ...cmd.vnc, ...(cmd.vncPasswordFile ? { password: await readPassword(cmd.vncPasswordFile, log) } : {}) };
    sessionHandler = (callbacks) => createSessionHandler(vnc, callbacks);
  }
  const agent = new AgentConnection({
    gatewayUrl: credentials.gatewayUrl,
    deviceId: credentials.deviceId,
    deviceSecret: credentials.deviceSecret,
    probe: createProbe(),
    hostname: os.hostname(),
    logger: log,
    ...(sessionHandler ? { sessionHandler } : {}),
    ...(cmd.probeIntervalSec ? { probeIntervalMs: cmd.probeIntervalSec * 1000 } : {}),
  });
  const record = (detail?: string, roomName?: string) =>
    void writeState(config, { pid: process.pid, state: agent.state, since: new Date().toISOString(), ...(roomName ? { roomName } : {}), ...(detail ? { detail } : {}) }).catch((err: unknown) =>
      log.warn('cannot write the state file', { err: (err as Error).message }),
    );
  log.info('starting', { server: credentials.server, deviceId: credentials.deviceId, gateway: credentials.gatewayUrl });
  return new Promise<number>((resolve) => {
    agent.on('online', (w) => record(undefined, w.roomName));
    agent.on('offline', (i) => record(`closed ${i.code}${i.reason ? ` ${i.reason}` : ''}`));
    agent.on('stopped', (i) => {
      record(i.message);
      if (i.reason !== 'stopped') io.err(`roomwarden-agent: ${i.message}\n`);
      resolve(i.reason === 'stopped' ? 0 : 3);
    });
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => agent.stop());
    agent.start();
    record();
  });
}

async function statusCommand(cmd: Extract<Command, { command: 'status' }>, io: CliIo): Promise<number> {
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
  try {
    const res = await fetch(`${creds.server}/healthz`, { signal: AbortSignal.timeout(5_000) });
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
  const res = await fetch(`${creds.server}/api/v1/rooms/${encodeURIComponent(creds.roomId)}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) io.out(`online:    the server answered ${res.status} for the room\n`);
  else {
    const room = (await res.json()) as { name?: string; status?: string; lastSeenAt?: string | null };
    io.out(`online:    ${room.status === 'offline' ? 'no' : 'yes'} (room "${room.name ?? '?'}" is ${room.status ?? '?'}, last seen ${room.lastSeenAt ?? 'never'})\n`);
  }
  return 0;
}

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseCommandLine(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`roomwarden-agent: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    switch (cmd.command) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'version':
        io.out(`${AGENT_VERSION}\n`);
        return 0;
      case 'enroll': {
        const config = cmd.config ?? defaultConfigPath();
        const { credentials } = await enroll({ server: cmd.server, token: cmd.token, config, ...(cmd.roomName ? { roomName: cmd.roomName } : {}) });
        io.out(`Enrolled: device ${credentials.deviceId}, room ${credentials.roomId} (region ${credentials.region}).\nCredentials written to ${config} (mode 0600).\nNext: roomwarden-agent run${cmd.config ? ` --config ${config}` : ''}\n`);
        return 0;
      }
      case 'run':
        return await runCommand(cmd, io);
      case 'status':
        return await statusCommand(cmd, io);
    }
  } catch (err) {
    if (err instanceof EnrollError || err instanceof CredentialsError) {
      io.err(`roomwarden-agent: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
