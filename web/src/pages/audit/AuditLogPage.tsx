// Audit log: newest first, filtered, paged with nextCursor; chain verification; export.
import { Fragment, useState } from 'react';
import {
  Button,
  Link,
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
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, ChevronDown20Regular, ChevronRight20Regular, ShieldCheckmark20Regular } from '@fluentui/react-icons';
import { api, apiUrl, messageOf } from '../../api/client.ts';
import type { AuditEntry, AuditVerify } from '../../api/types.ts';
import { ErrorBar, Page } from '../../components/Page.tsx';
import { ListFooter } from '../../components/ListFooter.tsx';
import { useDebounced, usePagedList } from '../../components/useLoad.ts';
import { AuditFilters, EMPTY_FILTER, localToIso, type AuditFilter } from './AuditFilters.tsx';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  details: { margin: 0, padding: tokens.spacingHorizontalM, backgroundColor: tokens.colorNeutralBackground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  wrap: { wordBreak: 'break-word' },
  mono: { wordBreak: 'break-all', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

function summary(details: unknown): string {
  if (!details || typeof details !== 'object') return details === null || details === undefined ? '' : String(details);
  const d = details as Record<string, unknown>;
  if (Array.isArray(d.changed)) return `changed: ${d.changed.join(', ')}`;
  return Object.keys(d).slice(0, 4).join(', ');
}

export function AuditLogPage() {
  const s = useStyles();
  const [filter, setFilter] = useState<AuditFilter>(EMPTY_FILTER);
  const debounced = useDebounced(filter, 300);
  const list = usePagedList<AuditEntry>('/audit', {
    action: debounced.action.trim() || undefined,
    actorId: debounced.actor?.id,
    targetType: debounced.targetType.trim() || undefined,
    from: localToIso(debounced.from),
    to: localToIso(debounced.to),
  });
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  const toggle = (seq: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

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
          <Button as="a" href={apiUrl('/audit/export', { format: 'csv' })} download icon={<ArrowDownload20Regular />}>
            Export CSV
          </Button>
          <Button as="a" href={apiUrl('/audit/export', { format: 'jsonl' })} download icon={<ArrowDownload20Regular />}>
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
            <TableHeaderCell style={{ width: 32 }} />
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
            <Fragment key={e.seq}>
              <TableRow data-action={e.action}>
                <TableCell>
                  <Button
                    appearance="transparent"
                    size="small"
                    aria-label={open.has(e.seq) ? 'Hide details' : 'Show details'}
                    aria-expanded={open.has(e.seq)}
                    icon={open.has(e.seq) ? <ChevronDown20Regular /> : <ChevronRight20Regular />}
                    onClick={() => toggle(e.seq)}
                  />
                </TableCell>
                <TableCell title={e.at}>{new Date(e.at).toLocaleString()}</TableCell>
                <TableCell>
                  {e.actorId ? (
                    <Link as="button" onClick={() => setFilter({ ...filter, actor: { id: e.actorId ?? '', label: e.actorLabel ?? e.actorId ?? '' } })}>
                      {e.actorLabel ?? e.actorId}
                    </Link>
                  ) : (
                    (e.actorLabel ?? 'system')
                  )}
                </TableCell>
                <TableCell className={s.mono}>{e.action}</TableCell>
                <TableCell>
                  {e.targetType ?? ''}
                  {e.targetId ? <Text className={s.mono}> {e.targetId}</Text> : null}
                </TableCell>
                <TableCell className={s.mono}>{e.sourceIp ?? ''}</TableCell>
                <TableCell className={s.wrap}>{summary(e.details)}</TableCell>
              </TableRow>
              {open.has(e.seq) ? (
                <TableRow>
                  <TableCell colSpan={7}>
                    <pre className={s.details}>{JSON.stringify({ seq: e.seq, details: e.details, hash: e.hash, prevHash: e.prevHash }, null, 2)}</pre>
                  </TableCell>
                </TableRow>
              ) : null}
            </Fragment>
          ))}
        </TableBody>
      </Table>
      <ListFooter list={list} shown={list.items.length} loadingLabel="Loading…" empty="No entries match these filters.">
        <Text size={200}>{list.items.length} shown</Text>
      </ListFooter>
    </Page>
  );
}
