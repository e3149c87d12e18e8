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

export function AuditTarget({ entry, withType = false }: { entry: Pick<AuditEntry, 'targetType' | 'targetId' | 'targetLabel' | 'targetRoomId'>; withType?: boolean }) {
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
        <span className={s.gone} title={entry.targetId}>
          <span className={s.mono}>{entry.targetId}</span> (deleted)
        </span>
      )}
    </span>
  );
}
