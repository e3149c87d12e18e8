// One audit entry, readable: who, what, on what, from where, the details as labelled rows
// (nested objects as nested rows; a change as a before/after table), and the chain hashes.
import type { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
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
import { auditEntryLabel, auditTargetTypeLabel } from '@roomwarden/protocol';
import type { AuditEntry } from '../../api/types.ts';
import { AuditActor, AuditTarget } from './AuditNames.tsx';

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: '90vw' },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  key: { color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, wordBreak: 'break-word', minWidth: 0 },
  nested: { paddingLeft: tokens.spacingHorizontalM, borderLeft: `2px solid ${tokens.colorNeutralStroke2}` },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
  section: { marginTop: tokens.spacingVerticalL, marginBottom: tokens.spacingVerticalS, display: 'block' },
  changed: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorPaletteYellowBackground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** camelCase / snake_case key → "Sentence case" label. */
export function humanKey(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitive = (v: unknown) => v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v);

function primitive(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}

function Value({ value }: { value: unknown }): ReactNode {
  const s = useStyles();
  if (isPrimitive(value)) return primitive(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className={s.muted}>none</span>;
    if (value.every(isPrimitive)) return value.map(primitive).join(', ');
    return (
      <div className={s.nested}>
        {value.map((v, i) => (
          <KeyValues key={i} entries={[[`#${i + 1}`, v]]} />
        ))}
      </div>
    );
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return <span className={s.muted}>none</span>;
    return (
      <div className={s.nested}>
        <KeyValues entries={entries} />
      </div>
    );
  }
  return String(value);
}

function KeyValues({ entries }: { entries: Array<[string, unknown]> }) {
  const s = useStyles();
  return (
    <dl className={s.grid}>
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt className={s.key}>{k.startsWith('#') ? k : humanKey(k)}</dt>
          <dd className={s.value}>
            <Value value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** `{before, after}` of a change, field by field; the fields that changed stand out. */
function Changes({ before, after }: { before: Record<string, unknown>; after: Record<string, unknown> }) {
  const s = useStyles();
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const same = (k: string) => JSON.stringify(before[k]) === JSON.stringify(after[k]);
  return (
    <Table size="small" aria-label="Changes">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Field</TableHeaderCell>
          <TableHeaderCell>Before</TableHeaderCell>
          <TableHeaderCell>After</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((k) => (
          <TableRow key={k} className={same(k) ? undefined : s.changed} data-changed={same(k) ? undefined : 'true'}>
            <TableCell>{humanKey(k)}</TableCell>
            <TableCell>
              <Value value={before[k]} />
            </TableCell>
            <TableCell>
              <Value value={after[k]} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Details({ details }: { details: unknown }) {
  if (!isObject(details)) return <Value value={details} />;
  const { before, after, changed: _changed, ...rest } = details;
  const change = isObject(before) && isObject(after);
  const others = Object.entries(change ? rest : details);
  return (
    <>
      {change ? <Changes before={before} after={after} /> : null}
      {others.length > 0 ? <KeyValues entries={others} /> : null}
      {!change && others.length === 0 ? <Text>No details.</Text> : null}
    </>
  );
}

export function AuditEntryDialog({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const s = useStyles();
  if (!entry) return null;
  const rows: Array<[string, ReactNode]> = [
    ['Sequence', `#${entry.seq}`],
    ['Time', `${new Date(entry.at).toLocaleString()} (${entry.at})`],
    [
      'Action',
      <>
        {auditEntryLabel(entry.action, entry.details)} <span className={s.mono}>({entry.action})</span>
      </>,
    ],
    ['Actor', <AuditActor key="actor" entry={entry} />],
    ['Target', entry.targetType ? <AuditTarget key="target" entry={entry} withType /> : '—'],
    ['Target id', entry.targetId ? <span className={s.mono}>{entry.targetId}</span> : '—'],
    ['Source IP', entry.sourceIp ? <span className={s.mono}>{entry.sourceIp}</span> : '—'],
  ];
  return (
    <Dialog open onOpenChange={(_e, d) => (d.open ? undefined : onClose())}>
      <DialogSurface className={s.surface} aria-label={`Audit entry #${entry.seq}`}>
        <DialogBody>
          <DialogTitle>
            {auditEntryLabel(entry.action, entry.details)}
            {entry.targetType ? ` · ${auditTargetTypeLabel(entry.targetType)}` : ''}
          </DialogTitle>
          <DialogContent data-testid="audit-entry-details">
            <dl className={s.grid}>
              {rows.map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt className={s.key}>{k}</dt>
                  <dd className={s.value}>{v}</dd>
                </div>
              ))}
            </dl>
            <Text weight="semibold" className={s.section}>
              Details
            </Text>
            <Details details={entry.details} />
            <Text weight="semibold" className={s.section}>
              Chain
            </Text>
            <dl className={s.grid}>
              <dt className={s.key}>Hash</dt>
              <dd className={`${s.value} ${s.mono}`}>{entry.hash}</dd>
              <dt className={s.key}>Previous hash</dt>
              <dd className={`${s.value} ${s.mono}`}>{entry.prevHash}</dd>
            </dl>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
