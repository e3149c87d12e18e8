// The four status counts above the rooms list; each one filters the list (click again to clear).
import { Card, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { count } from '../../components/plural.ts';
import { ROOM_STATUSES, type RoomStatus, type RoomSummary } from '@roomwarden/protocol';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'repeat(4, minmax(140px, 1fr))', gap: tokens.spacingHorizontalM },
  card: { cursor: 'pointer', padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalXS, borderTop: '4px solid transparent' },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}` },
  count: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, fontWeight: tokens.fontWeightSemibold },
  healthy: { borderTopColor: tokens.colorPaletteGreenBorderActive },
  warning: { borderTopColor: tokens.colorPaletteMarigoldBorderActive },
  unhealthy: { borderTopColor: tokens.colorPaletteRedBorderActive },
  offline: { borderTopColor: tokens.colorNeutralStroke1 },
});

const LABEL: Record<RoomStatus, string> = { healthy: 'Healthy', warning: 'Warning', unhealthy: 'Unhealthy', offline: 'Offline' };

export function RoomStatusCounts(props: { summary: RoomSummary | undefined; selected: RoomStatus | null; onSelect: (status: RoomStatus | null) => void }) {
  const s = useStyles();
  return (
    <div className={s.row} role="group" aria-label="Rooms by status">
      {ROOM_STATUSES.map((status) => {
        const on = props.selected === status;
        return (
          <Card
            key={status}
            className={mergeClasses(s.card, s[status], on && s.selected)}
            data-testid={`status-count-${status}`}
            role="button"
            aria-pressed={on}
            aria-label={`${LABEL[status]}: ${count(props.summary?.[status] ?? 0, 'room')}${on ? ' (filtering)' : ''}`}
            tabIndex={0}
            onClick={() => props.onSelect(on ? null : status)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                props.onSelect(on ? null : status);
              }
            }}
          >
            <Text className={s.count} data-testid={`status-count-${status}-value`}>
              {props.summary ? props.summary[status] : '–'}
            </Text>
            <Text>{LABEL[status]}</Text>
          </Card>
        );
      })}
    </div>
  );
}
