// The foot of an empty list: "No groups yet." with the action to create the first one, or
// "No group matches the search or filters." with a way to clear them (emptyState.ts words it).
import type { ReactNode } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { emptyMessage, type EmptyWording } from './emptyState.ts';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

export interface EmptyStateProps extends EmptyWording {
  /** Creates the first item (shown only when nothing exists yet, and only to who may). */
  action?: ReactNode;
  /** Clears the search and filters (shown only when they are why nothing shows). */
  onClear?: (() => void) | undefined;
  italic?: boolean;
}

export function EmptyState({ action, onClear, italic, ...wording }: EmptyStateProps) {
  const s = useStyles();
  return (
    <div className={s.root} data-testid="empty-state" data-empty={wording.filtered ? 'filtered' : 'none'}>
      <Text italic={italic}>{emptyMessage(wording)}</Text>
      {wording.filtered && onClear ? (
        <Button size="small" appearance="secondary" onClick={onClear}>
          Clear the search and filters
        </Button>
      ) : null}
      {!wording.filtered ? action : null}
    </div>
  );
}
