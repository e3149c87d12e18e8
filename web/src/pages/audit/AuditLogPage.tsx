// Audit log: newest first, filtered, paged with nextCursor; chain verification; export of
// what the filters show; each entry by its labels and names, its details in a dialog.
import { useMemo, useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, Filter16Regular, ShieldCheckmark20Regular, TextBulletListSquare20Regular } from '@fluentui/react-icons';
import { auditEntryLabel } from '@roomwarden/protocol';
import { api, apiUrl, messageOf } from '../../api/client.ts';
import type { AuditEntry, AuditVerify } from '../../api/types.ts';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { useDebounced, usePagedList } from '../../components/useLoad.ts';
import { AuditFilters, EMPTY_FILTER, filterQuery, type AuditFilter } from './AuditFilters.tsx';
import { AuditEntryDialog, humanKey } from './AuditEntryDialog.tsx';
import { AuditActor, AuditTarget } from './AuditNames.tsx';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  wrap: { wordBreak: 'break-word' },
  mono: { wordBreak: 'break-all', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  actor: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  detailsButton: { justifyContent: 'flex-start', textAlign: 'left', fontWeight: tokens.fontWeightRegular, minWidth: 0 },
  code: { display: 'block', color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100 },
});

/** A line about an entry's details: which fields changed, else its first few keys. */
export function summary(details: unknown): string {
  if (!details || typeof details !== 'object') return details === null || details === undefined ? '' : String(details);
  const d = details as Record<string, unknown>;
  if (Array.isArray(d.changed)) return `Changed: ${d.changed.map((k) => humanKey(String(k))).join(', ')}`;
  if (d.changed && typeof d.changed === 'object') return `Changed: ${Object.keys(d.changed).map(humanKey).join(', ')}`;
  if (d.before && d.after && typeof d.before === 'object' && typeof d.after === 'object') {
    const b = d.before as Record<string, unknown>;
    const a = d.after as Record<string, unknown>;
    const changed = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    if (changed.length > 0) return `Changed: ${changed.map(humanKey).join(', ')}`;
  }
  if (d.before === null && d.after && typeof d.after === 'object') return 'Created';
  if (d.after === null && d.before && typeof d.before === 'object') return 'Deleted';
  const shown = Object.entries(d).filter(([k, v]) => !/id$/i.test(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'));
  if (shown.length === 0) return Object.keys(d).slice(0, 3).map(humanKey).join(', ');
  return shown
    .slice(0, 2)
    .map(([k, v]) => `${humanKey(k)}: ${typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)}`)
    .join(' · ');
}

export function AuditLogPage() {
  const s = useStyles();
  const [filter, setFilter] = useState<AuditFilter>(EMPTY_FILTER);
  const debounced = useDebounced(filter, 300);
  const query = useMemo(() => filterQuery(debounced), [debounced]);
  const list = usePagedList<AuditEntry>('/audit', query);
  const [shown, setShown] = useState<AuditEntry | null>(null);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  const runVerify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerify(await api.get<AuditVerify>('/audit/verify'));
    } catch (err) {
      setVerifyError(messageOf(err));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Page
      title="Audit log"
      description="Every sign-in, change and remote session, hash-chained so that tampering shows."
      actions={
        <div className={s.toolbar}>
          <Button icon={verifying ? <Spinner size="tiny" /> : <ShieldCheckmark20Regular />} onClick={() => void runVerify()} disabled={verifying}>
            Verify chain
          </Button>
          <Button as="a" href={apiUrl('/audit/export', { ...query, format: 'csv' })} download icon={<ArrowDownload20Regular />} title="The entries these filters show, oldest first">
            Export CSV
          </Button>
          <Button as="a" href={apiUrl('/audit/export', { ...query, format: 'jsonl' })} download icon={<ArrowDownload20Regular />} title="The entries these filters show, oldest first">
            Export JSON Lines
          </Button>
        </div>
      }
    >
      {verify ? (
        <MessageBar intent={verify.ok ? 'success' : 'error'} data-testid="verify-result">
          <MessageBarBody>
            <MessageBarTitle>{verify.ok ? 'The chain verifies' : 'The chain is broken'}</MessageBarTitle>
            {verify.ok ? `${verify.checked} entries checked, none altered.` : `${verify.checked} entries checked; the first bad entry is #${verify.firstBadSeq ?? '?'}.`}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <ErrorBar error={verifyError ?? list.error} />
      <AuditFilters value={filter} onChange={setFilter} />
      <Table className={s.table} aria-label="Audit entries" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: 180 }}>Time</TableHeaderCell>
            <TableHeaderCell>Actor</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
            <TableHeaderCell>Target</TableHeaderCell>
            <TableHeaderCell style={{ width: 120 }}>Source</TableHeaderCell>
            <TableHeaderCell>Details</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((e) => (
            <TableRow key={e.seq} data-action={e.action}>
              <TableCell title={e.at}>{new Date(e.at).toLocaleString()}</TableCell>
              <TableCell>
                <span className={s.actor}>
                  <AuditActor entry={e} />
                  {e.actorId && filter.actor?.id !== e.actorId ? (
                    <Tooltip content={`Only entries by ${e.actorLabel ?? e.actorId}`} relationship="label">
                      <Button
                        appearance="transparent"
                        size="small"
                        icon={<Filter16Regular />}
                        onClick={() => setFilter({ ...filter, actor: { id: e.actorId ?? '', label: e.actorLabel ?? e.actorId ?? '' } })}
                      />
                    </Tooltip>
                  ) : null}
                </span>
              </TableCell>
              <TableCell>
                <Text data-testid="audit-action-label">{auditEntryLabel(e.action, e.details)}</Text>
                <span className={s.code}>{e.action}</span>
              </TableCell>
              <TableCell className={s.wrap}>
                <AuditTarget entry={e} withType />
              </TableCell>
              <TableCell className={s.mono}>{e.sourceIp ?? ''}</TableCell>
              <TableCell className={s.wrap}>
                <Button className={s.detailsButton} appearance="subtle" size="small" icon={<TextBulletListSquare20Regular />} aria-label={`Details of entry #${e.seq}`} onClick={() => setShown(e)}>
                  {summary(e.details) || 'Details'}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <AuditEntryDialog entry={shown} onClose={() => setShown(null)} />
      <ListFooter list={list} shown={list.items.length} loadingLabel="Loading…" empty="No entries match these filters.">
        <Text size={200}>{list.items.length} shown</Text>
      </ListFooter>
    </Page>
  );
}
