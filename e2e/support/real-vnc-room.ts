// One real console for the browser tests: the real server, one or more real X displays
// (Xvfb + x11vnc, see x11-vnc.ts), and the BUILT agent executable, alone in an empty
// directory with no Node.js on its PATH, enrolled as a room and running against them.
// Remote access is on for the organisation and allowed on the room, and the room is
// online before realVncRoom() returns. dispose() stops everything it started, each step
// on its own so one failure does not leave the rest running.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { noPermissions, type Permissions } from '@roomwarden/protocol';
import { agentAlone, type AloneAgent } from './agent-executables.ts';
import { E2eApi } from './api.ts';
import { startServer, type RunningServer } from './server.ts';
import { startProcess, startVncDesktop, stopAll, waitUntil, type DesktopOptions, type Started, type StopStep, type VncDesktop } from './x11-vnc.ts';

export interface RealVncRoomOptions {
  /** The name the agent enrolls the room with. */
  roomName: string;
  /** The room's one X display (the default: xlogo on red), the agent's only `--vnc`. */
  desktop?: DesktopOptions;
  /**
   * Or named displays instead: `--vnc name=…` each, the first the default; its password
   * file is the one for all, each other's is given as `--vnc-password-file name=…`.
   */
  displays?: Record<string, DesktopOptions>;
  /** A site to create and enroll the room into. */
  siteName?: string;
  /** The enrollment token's fields (besides siteId). */
  token?: { maxUses?: number; region?: string; label?: string };
  /** Prefix of the temporary directory that holds the agent's config (`workDir`). */
  tmpPrefix?: string;
  /** More `agent run` arguments, after the VNC ones and --probe-interval. */
  agentArgs?: (room: { workDir: string; desktops: Record<string, VncDesktop> }) => string[];
}

export interface RealVncRoom {
  server: RunningServer;
  /** Signed in as the Administrator. */
  api: E2eApi;
  roomId: string;
  /** The enrollment token (more rooms may enroll with it, up to its maxUses). */
  enrollmentToken: string;
  /** The (first) desktop. */
  desktop: VncDesktop;
  /** Every desktop by name (`main` for the one of `desktop`). */
  desktops: Record<string, VncDesktop>;
  /** The running agent (`agent run`). */
  agent: Started;
  /** A temporary directory of this room's (the agent's config is in it), removed by dispose(). */
  workDir: string;
  /** The server's, the desktops' and the agent's recent output, for failure messages. */
  diagnostics: () => string;
  /** Stops the agent, the desktops and the server; removes the directories. */
  dispose: () => Promise<void>;
}

function vncArgs(desktops: Record<string, VncDesktop>, named: boolean): string[] {
  const list = Object.entries(desktops);
  if (!named) {
    const [, only] = list[0]!;
    return ['--vnc', `127.0.0.1:${only.vncPort}`, '--vnc-password-file', only.passwordFile];
  }
  const args = list.flatMap(([name, d]) => ['--vnc', `${name}=127.0.0.1:${d.vncPort}`]);
  list.forEach(([name, d], i) => args.push('--vnc-password-file', i === 0 ? d.passwordFile : `${name}=${d.passwordFile}`));
  return args;
}

export async function realVncRoom(options: RealVncRoomOptions): Promise<RealVncRoom> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), options.tmpPrefix ?? 'roomwarden-agent-e2e-'));
  const named = options.displays !== undefined;
  const wanted = options.displays ?? { main: options.desktop ?? { background: '#ff0000' } };
  const desktops: Record<string, VncDesktop> = {};
  let server: RunningServer | undefined;
  let alone: AloneAgent | undefined;
  let agent: Started | undefined;

  const diagnostics = () => [server?.output() ?? '', ...Object.values(desktops).map((d) => d.output()), agent ? `--- agent ---\n${agent.output()}` : ''].join('\n');
  const dispose = () =>
    stopAll([
      ['agent', agent?.stop],
      ...Object.entries(desktops)
        .reverse()
        .map(([name, d]): StopStep => [`${name} desktop`, d.stop]),
      ['server', server?.stop],
      ['agent directory', alone?.remove],
      ['work directory', () => fs.rmSync(workDir, { recursive: true, force: true })],
    ]);

  try {
    for (const [name, opts] of Object.entries(wanted)) desktops[name] = await startVncDesktop(opts);
    // E2E_SERVER_LOG_LEVEL=info shows the server's request log in failure messages.
    server = await startServer({ env: { ROOMWARDEN_LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'warn' } });
    const api = await E2eApi.signIn(server.url, server.adminEmail, server.adminPassword);
    await api.call('PUT', '/settings/general', { remoteAccessEnabled: true, remoteAccessContactEmail: 'rooms-oncall@e2e.test' });
    const site = options.siteName ? await api.call<{ id: string }>('POST', '/sites', { name: options.siteName }) : undefined;
    const token = await api.call<{ token: string }>('POST', '/enrollment-tokens', { maxUses: 1, ...options.token, ...(site ? { siteId: site.id } : {}) });

    // The agent executable, alone in an empty directory, no Node.js on its PATH.
    alone = agentAlone('linux-x64');
    const config = path.join(workDir, 'agent.json');
    const enroll = startProcess('agent enroll', alone.exe, ['enroll', '--server', server.url, '--token', token.token, '--config', config, '--room-name', options.roomName], { cwd: alone.dir, env: alone.env, group: true });
    const code = await new Promise<number | null>((resolve) => enroll.child.once('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`roomwarden-agent enroll exited with ${code}:\n${enroll.output()}`);
    const roomId = (JSON.parse(fs.readFileSync(config, 'utf8')) as { roomId: string }).roomId;
    const args = ['run', '--config', config, ...vncArgs(desktops, named), '--probe-interval', '5', ...(options.agentArgs?.({ workDir, desktops }) ?? [])];
    agent = startProcess('agent run', alone.exe, args, { cwd: alone.dir, env: alone.env, group: true });

    const room = await api.call<{ remoteAccessAllowed: boolean }>('GET', `/rooms/${roomId}`);
    if (!room.remoteAccessAllowed) await api.call('PATCH', `/rooms/${roomId}`, { remoteAccessAllowed: true });
    await waitUntil(async () => (await api.call<{ status: string }>('GET', `/rooms/${roomId}`)).status !== 'offline', 60_000, 'the agent online').catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\n${diagnostics()}`);
    });
    const desktop = Object.values(desktops)[0]!;
    return { server, api, roomId, enrollmentToken: token.token, desktop, desktops, agent, workDir, diagnostics, dispose };
  } catch (err) {
    await dispose().catch((cleanup: unknown) => console.error((cleanup as Error).message));
    throw err;
  }
}

export interface RoomUser {
  email: string;
  displayName: string;
  password: string;
}

/**
 * Creates the user and a role that grants them `permissions` (the rest none) on this one
 * room; through a new group of that name when `group` is given, directly otherwise.
 */
export async function grantOnRoom(
  api: E2eApi,
  roomId: string,
  user: RoomUser,
  role: { name: string; description: string; permissions: Partial<Permissions>; group?: string },
): Promise<string> {
  const made = await api.call<{ id: string }>('POST', '/users', { email: user.email, displayName: user.displayName, password: user.password });
  let groupIds: string[] = [];
  if (role.group) {
    const group = await api.call<{ id: string }>('POST', '/groups', { displayName: role.group });
    await api.call('POST', `/groups/${group.id}/members`, { userId: made.id });
    groupIds = [group.id];
  }
  await api.call('POST', '/roles', {
    name: role.name,
    description: role.description,
    permissions: { ...noPermissions(), ...role.permissions },
    assignments: [{ groupIds, userIds: role.group ? [] : [made.id], scope: { allRooms: false, siteIds: [], roomGroupIds: [], roomIds: [roomId] } }],
  });
  return made.id;
}
