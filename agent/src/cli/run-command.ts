// roomwarden-agent run: the control connection, the VNC bridge, the state file that
// `status` reads, and self-update.
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AgentUpdateStatus } from '@roomwarden/protocol';
import { actionCommands, ActionRunner } from '../actions/index.ts';
import { AgentConnection, type AgentLogger } from '../agent-connection.ts';
import { defaultConfigPath, readCredentials } from '../credentials.ts';
import { createNoticeDisplay } from '../notice/index.ts';
import { createProbe } from '../probes/create-probe.ts';
import { displaysCheck, withRemoteDesktop } from '../probes/remote-desktop-probe.ts';
import { checkVnc, type VncCheck } from '../vnc/vnc-check.ts';
import { SERVICE_ENV } from '../service/service-layout.ts';
import type { SessionCallbacks, SessionHandler, VncDisplay } from '../session-handler.ts';
import { releasePlatformOf, RESTART_EXIT_CODE, SelfUpdater } from '../update/self-update.ts';
import { createSessionHandler } from '../vnc/index.ts';
import { AGENT_VERSION } from '../version.ts';
import type { Command } from './args.ts';
import { consoleLogger, type CliIo } from './cli-io.ts';
import { runningExecutable } from './executable.ts';
import { updateMarkerPath, writeState } from './state-file.ts';

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

async function readPassword(file: string, log: AgentLogger): Promise<string> {
  const st = await fsp.stat(file);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) log.warn(`${file} can be read by other users; chmod 600 it`);
  return (await fsp.readFile(file, 'utf8')).replace(/\r?\n$/, '');
}

/** The http(s) origin of the node the agent connects to: where it downloads its updates. */
export function downloadBase(gatewayUrl: string): string {
  const url = new URL(gatewayUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}

/** Replaces this process with the new executable: exec in place on Linux, the service wrapper's restart on Windows. */
function restartInto(exe: string, log: AgentLogger): void {
  const args = process.argv.slice(2);
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (process.platform !== 'win32' && typeof execve === 'function') {
    execve(exe, [exe, ...args], process.env);
  }
  if (process.env[SERVICE_ENV]) {
    log.info('exiting for the service to start the new executable', { exitCode: RESTART_EXIT_CODE });
    process.exit(RESTART_EXIT_CODE);
  }
  spawn(exe, args, { detached: true, stdio: 'inherit', windowsHide: true }).unref();
  process.exit(0);
}

export async function runCommand(cmd: Extract<Command, { command: 'run' }>, io: CliIo): Promise<number> {
  const log = consoleLogger(io);
  const config = cmd.config ?? defaultConfigPath();
  const { credentials, warning } = await readCredentials(config);
  if (warning) log.warn(warning);
  let sessionHandler: ((callbacks: SessionCallbacks) => SessionHandler) | undefined;
  let vncCheck: (() => Promise<VncCheck>) | undefined;
  let displays: VncDisplay[] = [];
  if (cmd.vnc) {
    displays = await Promise.all(
      cmd.vnc.map(async (d): Promise<VncDisplay> => ({ name: d.name, host: d.host, port: d.port, ...(d.passwordFile !== undefined ? { password: await readPassword(d.passwordFile, log) } : {}) })),
    );
    const bridged = displays;
    sessionHandler = (callbacks) => createSessionHandler(bridged, callbacks);
    vncCheck = displaysCheck(bridged, checkVnc);
  }
  const notice = await createNoticeDisplay({ platform: process.platform, env: process.env, stateDir: path.dirname(config), log, ...(cmd.noticeDisplay ? { display: cmd.noticeDisplay } : {}) });
  const actions = new ActionRunner({ commands: actionCommands(cmd.actions ?? {}) });
  const agent = new AgentConnection({
    gatewayUrl: credentials.gatewayUrl,
    deviceId: credentials.deviceId,
    deviceSecret: credentials.deviceSecret,
    probe: withRemoteDesktop(createProbe(), vncCheck),
    hostname: os.hostname(),
    logger: log,
    lastUpdate: () => updater.status,
    actions,
    ...(sessionHandler ? { sessionHandler, displays: displays.map((d) => d.name) } : {}),
    ...(notice ? { notice } : {}),
    ...(cmd.probeIntervalSec ? { probeIntervalMs: cmd.probeIntervalSec * 1000 } : {}),
  });
  let roomName: string | undefined;
  const record = (detail?: string) =>
    void writeState(config, {
      pid: process.pid,
      state: agent.state,
      since: new Date().toISOString(),
      ...(roomName ? { roomName } : {}),
      ...(detail ? { detail } : {}),
      ...(updater.status ? { update: updater.status } : {}),
    }).catch((err: unknown) => log.warn('cannot write the state file', { err: (err as Error).message }));
  const updater = new SelfUpdater({
    currentVersion: AGENT_VERSION,
    platform: releasePlatformOf(),
    executable: runningExecutable(),
    markerFile: updateMarkerPath(config),
    log,
    onStatus: (status: AgentUpdateStatus) => {
      agent.sendUpdateStatus(status);
      record();
    },
    restart: async (exe) => {
      agent.stop(`restarting as the new agent (${exe})`);
      await new Promise((r) => setTimeout(r, 500)); // the close frame reaches the server
      restartInto(exe, log);
    },
  });
  await updater.resume();
  log.info('starting', { version: AGENT_VERSION, server: credentials.server, deviceId: credentials.deviceId, gateway: credentials.gatewayUrl, actions: actions.available() });
  return new Promise<number>((resolve) => {
    agent.on('online', (w) => {
      roomName = w.roomName;
      record();
    });
    agent.on('offline', (i) => record(`closed ${i.code}${i.reason ? ` ${i.reason}` : ''}`));
    agent.on('release', (release, how) => void updater.consider(release, downloadBase(credentials.gatewayUrl), how));
    agent.on('stopped', (i) => {
      record(i.message);
      void notice?.close();
      if (i.reason !== 'stopped') io.err(`roomwarden-agent: ${i.message}\n`);
      resolve(i.reason === 'stopped' ? 0 : 3);
    });
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => agent.stop());
    agent.start();
    record();
  });
}
