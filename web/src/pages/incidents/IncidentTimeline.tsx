// An incident's timeline, oldest first: who did what and when, and how it was resolved.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { IncidentTimelineEntry } from '@roomwarden/protocol';
import { when } from '../../live/format.ts';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: { display: 'grid', gridTemplateColumns: '200px minmax(0, 1fr)', gap: tokens.spacingHorizontalL, borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalM },
  at: { color: tokens.colorNeutralForeground3 },
  body: { display: 'flex', flexDirection: 'column' },
});

function headline(e: IncidentTimelineEntry): string {
  switch (e.kind) {
    case 'opened':
      return e.actorLabel ? `Recorded by ${e.actorLabel}` : 'Opened by the health engine';
    case 'acknowledged':
      return `Acknowledged by ${e.actorLabel ?? 'someone'}`;
    case 'note':
      return `Note by ${e.actorLabel ?? 'someone'}`;
    case 'resolved':
      if (e.resolution === 'manual') return `Resolved by hand by ${e.actorLabel ?? 'someone'}`;
      if (e.resolution === 'retired') return `Resolved: the room was retired${e.actorLabel ? ` by ${e.actorLabel}` : ''}`;
      return 'Resolved on recovery';
  }
}

export function IncidentTimeline({ entries }: { entries: readonly IncidentTimelineEntry[] }) {
  const s = useStyles();
  return (
    <ol className={s.list} aria-label="Timeline" data-testid="incident-timeline">
      {entries.map((e, n) => (
        <li key={`${e.kind}-${e.at}-${n}`} className={s.item} data-kind={e.kind} data-resolution={e.resolution}>
          <Text className={s.at}>{when(e.at)}</Text>
          <span className={s.body}>
            <Text weight="semibold">{headline(e)}</Text>
            {e.text ? <Text>{e.text}</Text> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
