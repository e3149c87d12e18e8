// The room's agent: version, platform, host, connection and last heartbeat, how its last
// self-update went; for Rooms: Modify, Update agent (it installs this server's build now,
// as updates held back in manual mode need) and Revoke (the connection closes at once and
// the credential stops working).
import { useState } from 'react';
import { Badge, Button, Card, CardHeader, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSync20Regular, PlugDisconnected20Regular } from '@fluentui/react-icons';
import { messageOf } from '../../api/client.ts';
import { api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { relative, when } from '../../live/format.ts';
import type { RoomAgentView } from '@roomwarden/protocol';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL },
  grid: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS },
  key: { color: tokens.colorNeutralForeground3 },
});

export function AgentCard(props: { roomId: string; roomName: string; agent: RoomAgentView | undefined; error: string | null; canRevoke: boolean; onRevoked: () => void }) {
  const s = useStyles();
  const a = props.agent;
  const [updateNote, setUpdateNote] = useState<string | null>(null);
  const last = a?.lastUpdate;
  return (
    <Card className={s.card} data-testid="agent-card">
      <CardHeader
        header={<Text weight="semibold">Agent</Text>}
        action={
          a?.enrolled ? (
            <Badge appearance="filled" color={a.connected ? 'success' : 'subtle'} data-testid="agent-connected">
              {a.connected ? 'Connected' : 'Not connected'}
            </Badge>
          ) : undefined
        }
      />
      {props.error ? <Text>{props.error}</Text> : null}
      {a && !a.enrolled ? <Text italic>{a.revoked ? 'The agent of this room was revoked. Enroll it again to monitor the room.' : 'No agent is enrolled for this room.'}</Text> : null}
      {a?.enrolled ? (
        <div className={s.grid}>
          <Text className={s.key}>Version</Text>
          <Text>{a.agentVersion ?? '—'}</Text>
          <Text className={s.key}>Platform</Text>
          <Text>
            {a.platform ?? '—'}
            {a.osVersion ? ` (${a.osVersion})` : ''}
          </Text>
          <Text className={s.key}>Hostname</Text>
          <Text>{a.hostname ?? '—'}</Text>
          <Text className={s.key}>Remote desktop</Text>
          <Text>{a.capabilities.vnc ? 'VNC available' : 'No VNC server'}</Text>
          {a.capabilities.vnc && a.capabilities.displays.length > 0 ? (
            <>
              <Text className={s.key}>Displays</Text>
              <Text data-testid="agent-displays">{a.capabilities.displays.map((d, i) => (i === 0 ? `${d} (default)` : d)).join(', ')}</Text>
            </>
          ) : null}
          <Text className={s.key}>Connected since</Text>
          <Text>{a.connectedAt ? when(a.connectedAt) : '—'}</Text>
          <Text className={s.key}>Last heartbeat</Text>
          <Text title={when(a.lastHeartbeatAt)}>{relative(a.lastHeartbeatAt)}</Text>
          <Text className={s.key}>Enrolled</Text>
          <Text>{when(a.enrolledAt)}</Text>
          {last ? (
            <>
              <Text className={s.key}>Last update</Text>
              <Text data-testid="agent-last-update" data-state={last.state}>
                {last.state === 'failed'
                  ? `Update to ${last.targetVersion} failed ${relative(last.at)}: ${last.message ?? 'no reason given'}. Still running ${last.fromVersion}.`
                  : `Updated from ${last.fromVersion} to ${last.targetVersion} ${relative(last.at)}`}
              </Text>
            </>
          ) : null}
        </div>
      ) : null}
      {updateNote ? <Text data-testid="agent-update-note">{updateNote}</Text> : null}
      {a?.enrolled && props.canRevoke ? (
        <div>
          {a.connected ? (
            <Button
              icon={<ArrowSync20Regular />}
              onClick={() =>
                void api.post<{ version: string }>(`/rooms/${props.roomId}/agent/update`).then(
                  (r) => setUpdateNote(`The agent is installing ${r.version}; it reconnects in a few seconds.`),
                  (err: unknown) => setUpdateNote(messageOf(err)),
                )
              }
            >
              Update agent
            </Button>
          ) : null}
          <ConfirmDialog
            trigger={<Button icon={<PlugDisconnected20Regular />}>Revoke device</Button>}
            title={`Revoke the agent of ${props.roomName}?`}
            body="Its connection closes at once and its credential stops working. The room stays, offline, until an agent enrolls again."
            confirmLabel="Revoke device"
            onConfirm={async () => {
              await api.post(`/rooms/${props.roomId}/agent/revoke`);
              props.onRevoked();
            }}
          />
        </div>
      ) : null}
    </Card>
  );
}
