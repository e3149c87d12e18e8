// Who watches a live session beside its controller (DESIGN Remote session 7): the viewer's
// toolbar lists them, live (the session view comes with session.updated events).
import { Badge, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { Eye16Regular } from '@fluentui/react-icons';
import type { SessionObserverView } from '@roomwarden/protocol';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, maxWidth: '480px', minWidth: 0 },
  names: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground2 },
});

/** "alice@x <a@x>" → "alice@x": the display name part of a user label. */
export function shortLabel(label: string): string {
  const i = label.indexOf(' <');
  return i > 0 ? label.slice(0, i) : label;
}

/** The observers still watching (not left), in the order they joined. */
export function watching(observers: readonly SessionObserverView[] | undefined): SessionObserverView[] {
  return (observers ?? []).filter((o) => o.leftAt === null);
}

export function Watchers(props: { observers: readonly SessionObserverView[] | undefined; me: string | null }) {
  const s = useStyles();
  const now = watching(props.observers);
  if (now.length === 0) return null;
  const names = now.map((o) => (o.userId === props.me ? 'you' : shortLabel(o.userLabel)));
  return (
    <Tooltip content={`Watching (view-only): ${now.map((o) => o.userLabel).join(', ')}`} relationship="description">
      <span className={s.root} data-testid="session-watchers" aria-label={`Watching: ${names.join(', ')}`}>
        <Badge appearance="tint" color="informative" icon={<Eye16Regular />} data-testid="watcher-count">
          {now.length}
        </Badge>
        <Text size={200} className={s.names}>
          Watching: {names.join(', ')}
        </Text>
      </span>
    </Tooltip>
  );
}
