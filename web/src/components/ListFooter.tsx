// The foot of a paged list (usePagedList): a spinner while a page loads, a message when
// nothing is shown, "Load more" while the server has more, then anything the page adds.
import type { ReactNode } from 'react';
import { Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { PagedList } from './useLoad.ts';

const useStyles = makeStyles({
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export interface ListFooterProps {
  list: Pick<PagedList<unknown>, 'loading' | 'hasMore' | 'loadMore'>;
  /** How many rows the page shows (after any live merging). */
  shown: number;
  loadingLabel: string;
  /** What to say when nothing is shown: an <EmptyState> (nothing yet, or nothing matches). */
  empty: ReactNode;
  children?: ReactNode;
}

export function ListFooter({ list, shown, loadingLabel, empty, children }: ListFooterProps) {
  const s = useStyles();
  return (
    <div className={s.footer}>
      {list.loading ? <Spinner size="tiny" label={loadingLabel} /> : null}
      {!list.loading && shown === 0 ? typeof empty === 'string' ? <Text>{empty}</Text> : empty : null}
      {list.hasMore ? (
        <Button onClick={list.loadMore} disabled={list.loading}>
          Load more
        </Button>
      ) : null}
      {children}
    </div>
  );
}
