// Users & groups > Provisioning (SCIM): the SCIM base URL, one bearer token per identity
// provider (shown once), and revocation. The token's label is the actor in the audit log.
import { useState } from 'react';
import { Button, Card, CardHeader, Field, Input, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, Delete20Regular } from '@fluentui/react-icons';
import { api, messageOf } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorBar } from '../../components/Page.tsx';
import { usePagedList } from '../../components/useLoad.ts';
import { useMe } from '../../app/session.tsx';
import { relative, when } from '../../live/format.ts';
import { SecretLine, SecretOnce } from '../../live/SecretOnce.tsx';

interface ScimToken {
  id: string;
  label: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
}

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL },
  create: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  table: { backgroundColor: tokens.colorNeutralBackground1, tableLayout: 'auto' },
});

export function ScimTokensCard() {
  const s = useStyles();
  const me = useMe();
  const canModify = me.permissions.directory === 'modify';
  const list = usePagedList<ScimToken>('/scim-tokens', {});
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<(ScimToken & { token: string }) | null>(null);
  const baseUrl = `${window.location.origin}/scim/v2`;

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setCreated(await api.post<ScimToken & { token: string }>('/scim-tokens', { label: label.trim() }));
      setLabel('');
      list.reload();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={s.card} data-testid="scim-provisioning">
      <CardHeader
        header={<Text weight="semibold">Provisioning (SCIM)</Text>}
        description={<Text size={200}>Let your identity provider create, update and disable users and groups. Give it this URL and a token.</Text>}
      />
      <Field label="SCIM base URL">
        <SecretLine value={baseUrl} label="Copy the SCIM base URL" testId="scim-base-url" />
      </Field>
      {created ? (
        <SecretOnce title={`Token for ${created.label} created`} onDismiss={() => setCreated(null)}>
          <SecretLine value={created.token} label="Copy the SCIM token" testId="created-scim-token" />
        </SecretOnce>
      ) : null}
      {canModify ? (
        <div className={s.create}>
          <Field label="Identity provider (one token each)">
            <Input name="scimTokenLabel" value={label} maxLength={100} placeholder="e.g. Entra ID" onChange={(_e, d) => setLabel(d.value)} />
          </Field>
          <Button icon={busy ? <Spinner size="tiny" /> : <Add20Regular />} disabled={busy || label.trim() === ''} onClick={() => void create()}>
            Create token
          </Button>
        </div>
      ) : null}
      <ErrorBar error={error ?? list.error} />
      {list.items.length > 0 ? (
        <Table className={s.table} aria-label="SCIM tokens" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Provider</TableHeaderCell>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>Last used</TableHeaderCell>
              {canModify ? <TableHeaderCell style={{ width: 120 }}>Actions</TableHeaderCell> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((t) => (
              <TableRow key={t.id} data-scim-token={t.label}>
                <TableCell>{t.label}</TableCell>
                <TableCell title={when(t.createdAt)}>{relative(t.createdAt)}</TableCell>
                <TableCell title={when(t.lastUsedAt)}>{t.lastUsedAt ? relative(t.lastUsedAt) : 'Never'}</TableCell>
                {canModify ? (
                  <TableCell>
                    <ConfirmDialog
                      trigger={
                        <Button size="small" icon={<Delete20Regular />} aria-label={`Revoke SCIM token ${t.label}`}>
                          Revoke
                        </Button>
                      }
                      title={`Revoke the SCIM token of ${t.label}?`}
                      body="The provider can no longer provision users and groups until it gets a new token."
                      confirmLabel="Revoke token"
                      onConfirm={async () => {
                        await api.del(`/scim-tokens/${t.id}`);
                        list.reload();
                      }}
                    />
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : !list.loading ? (
        <Text italic>No provisioning tokens.</Text>
      ) : null}
      {list.hasMore ? <Button onClick={list.loadMore}>Load more</Button> : null}
    </Card>
  );
}
