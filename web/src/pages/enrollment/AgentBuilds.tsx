// Settings > Enrollment, the agent's side: the one line to paste on a Windows or a Linux
// console for a new token, what the console's firewall must let through, the agent builds
// this server serves, how agents update (automatic, or held back), and the rooms whose
// agent is older than this server's build.
import { Card, CardHeader, Dropdown, Field, Link, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Link as RouterLink } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { ErrorBar } from '../../components/Page.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { SecretLine } from '../../live/SecretOnce.tsx';

export interface AgentReleases {
  version: string | null;
  items: Array<{ platform: 'linux-x64' | 'win-x64'; file: string; size: number; sha256: string; url: string }>;
  problem: string | null;
  updates: { mode: 'automatic' | 'manual' };
  install: { linux: string; windows: string };
  firewall: Array<{ region: string; urls: string[] }>;
}

interface OutdatedAgent {
  roomId: string;
  roomName: string;
  agentVersion: string;
  platform: string;
}

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalL },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

/** The lines to paste, with the token in them. */
export function installLinesFor(releases: Pick<AgentReleases, 'install'>, token: string): { linux: string; windows: string } {
  return { linux: releases.install.linux.replace('{token}', token), windows: releases.install.windows.replace('{token}', token) };
}

/** What the console must reach: the server in the line, and its region's gateway. */
export function firewallFor(releases: Pick<AgentReleases, 'firewall'>, region: string | null): string[] {
  const entry = releases.firewall.find((f) => f.region === region) ?? releases.firewall[0];
  return entry?.urls ?? [];
}

export function InstallLines(props: { releases: AgentReleases | undefined; token: string; region: string | null }) {
  const s = useStyles();
  if (!props.releases) return null;
  const lines = installLinesFor(props.releases, props.token);
  return (
    <>
      <Text weight="semibold">On a Windows console (Microsoft Teams Rooms), in an elevated PowerShell:</Text>
      <SecretLine value={lines.windows} label="Copy the Windows line" testId="install-line-windows" />
      <Text weight="semibold">On a Linux console:</Text>
      <SecretLine value={lines.linux} label="Copy the Linux line" testId="install-line-linux" />
      <Text size={200}>
        The line downloads the agent from this server, checks its SHA-256, enrolls the console and installs the agent as a service that starts at boot. The console must be allowed to
        reach (HTTPS and WebSocket, outbound only):
      </Text>
      <ul className={s.list} data-testid="firewall-list">
        {firewallFor(props.releases, props.region).map((u) => (
          <li key={u}>
            <code>{u}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

export function AgentBuilds(props: { releases: AgentReleases | undefined; error: string | null; canChangeUpdates: boolean; canSeeRooms: boolean; onChanged: () => void }) {
  const s = useStyles();
  const outdated = useLoad(() => (props.canSeeRooms ? api.get<{ version: string | null; items: OutdatedAgent[] }>('/agent/outdated', { limit: 50 }) : Promise.resolve(undefined)), [props.canSeeRooms]);
  const r = props.releases;
  return (
    <Card className={s.card} data-testid="agent-builds">
      <CardHeader header={<Text weight="semibold">Agent builds</Text>} description={r?.version ? `Version ${r.version}` : undefined} />
      <ErrorBar error={props.error ?? outdated.error} />
      {r?.problem ? <Text>Not every build can be served: {r.problem}</Text> : null}
      {r ? (
        <ul className={s.list}>
          {r.items.map((i) => (
            <li key={i.platform}>
              <Link href={i.url}>{i.file}</Link> ({(i.size / 1024 / 1024).toFixed(1)} MiB), SHA-256 <code>{i.sha256}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {r ? (
        <Field label="Agent updates" hint="Automatic: an older agent updates itself when it connects. Manual: it waits until you press Update agent on its room.">
          <Dropdown
            aria-label="Agent updates"
            disabled={!props.canChangeUpdates}
            value={r.updates.mode === 'automatic' ? 'Automatic' : 'Manual (held back)'}
            selectedOptions={[r.updates.mode]}
            onOptionSelect={(_e, d) => {
              if (d.optionValue && d.optionValue !== r.updates.mode) void api.put('/settings/agent-updates', { mode: d.optionValue }).then(props.onChanged, props.onChanged);
            }}
          >
            <Option value="automatic">Automatic</Option>
            <Option value="manual">Manual (held back)</Option>
          </Dropdown>
        </Field>
      ) : null}
      <Text weight="semibold">Rooms running an older agent</Text>
      {outdated.data && outdated.data.items.length === 0 ? <Text italic>None: every agent runs this server&apos;s build.</Text> : null}
      <ul className={s.list} data-testid="outdated-agents">
        {outdated.data?.items.map((o) => (
          <li key={o.roomId}>
            <RouterLink to={`/rooms/${o.roomId}`}>{o.roomName}</RouterLink>: {o.agentVersion} ({o.platform})
          </li>
        ))}
      </ul>
    </Card>
  );
}
