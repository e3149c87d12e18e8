// An audit entry's actor and target by name, linked to their pages where the portal has one;
// a target that is gone shows its stored id, marked deleted.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { auditTargetTypeLabel } from '@roomwarden/protocol';
import type { AuditEntry } from '../../api/types.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { actorPath, targetPath } from './auditLinks.ts';

const useStyles = makeStyles({
  type: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
  gone: { color: tokens.colorNeutralForeground3, fontStyle: 'italic' },
});

export function AuditActor({ entry }: { entry: Pick<AuditEntry, 'actorId' | 'actorLabel'> }) {
  const label = entry.actorLabel ?? entry.actorId ?? 'system';
  const to = actorPath(entry);
  return to ? <AppLink to={to}>{label}</AppLink> : <>{label}</>;
}

const NAME_KEYS = ['name', 'displayName', 'roomName', 'label', 'email', 'title'];

/** The name an entry's details gave its target when it was written (for a target that is gone). */
export function nameInDetails(details: unknown): string | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as Record<string, unknown>;
  for (const source of [d.before, d.after, d]) {
    if (!source || typeof source !== 'object') continue;
    for (const k of NAME_KEYS) {
      const v = (source as Record<string, unknown>)[k];
      if (typeof v === 'string' && v.trim()) return v;
    }
  }
  return null;
}

export function AuditTarget({ entry, withType = false }: { entry: Pick<AuditEntry, 'targetType' | 'targetId' | 'targetLabel' | 'targetRoomId' | 'details'>; withType?: boolean }) {
  const s = useStyles();
  if (!entry.targetType) return null;
  const type = <Text className={s.type}>{auditTargetTypeLabel(entry.targetType)} </Text>;
  if (!entry.targetId) return type;
  const name = entry.targetLabel;
  const to = name ? targetPath(entry) : null;
  return (
    <span data-testid="audit-target">
      {withType ? type : null}
      {name ? (
        to ? (
          <AppLink to={to}>{name}</AppLink>
        ) : (
          name
        )
      ) : name === undefined || entry.targetType === 'settings' ? (
        <span className={s.mono}>{entry.targetId}</span>
      ) : (
        <span className={s.gone} title={`${entry.targetId} (no longer exists)`}>
          {nameInDetails(entry.details) ?? <span className={s.mono}>{entry.targetId.length > 12 ? `${entry.targetId.slice(0, 8)}…` : entry.targetId}</span>} (deleted)
        </span>
      )}
    </span>
  );
}
