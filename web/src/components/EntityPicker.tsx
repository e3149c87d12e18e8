// Pick items from a searchable API list (users, groups, rooms, sites): a search box,
// the matching items with checkboxes, and the picked ones as removable tags.
import { useEffect, useRef, useState } from 'react';
import { Button, Checkbox, SearchBox, Spinner, Tag, TagGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../api/client.ts';
import { useDebounced, usePagedList } from './useLoad.ts';
import { EmptyState } from './EmptyState.tsx';

export interface Picked {
  id: string;
  label: string;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: '320px', flexGrow: 1 },
  list: {
    display: 'flex',
    flexDirection: 'column',
    maxHeight: '240px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalXS,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  search: { maxWidth: 'none' },
  tags: { minHeight: '28px', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

export function EntityPicker<T extends { id: string }>(props: {
  title: string;
  path: string;
  labelOf: (item: T) => string;
  selectedIds: string[];
  /** The picked ids, and the names known for them (for a summary elsewhere). */
  onChange: (ids: string[], labels: Record<string, string>) => void;
  disabled?: boolean;
  extraQuery?: Record<string, string | undefined>;
  /** One item, for the empty list ("No group matches…"); else the title in the singular ("Groups": group). */
  noun?: string;
}) {
  const s = useStyles();
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const list = usePagedList<T>(props.path, { q: query.trim() || undefined, ...props.extraQuery }, 25);
  const [labels, setLabels] = useState<Record<string, string>>({});

  // Labels for picked ids not seen in the list yet (a saved role's assignments).
  const requested = useRef(new Set<string>());
  const { path, labelOf, selectedIds } = props;
  useEffect(() => {
    const missing = selectedIds.filter((id) => !(id in labels) && !requested.current.has(id) && !list.items.some((i) => i.id === id));
    if (missing.length === 0) return;
    for (const id of missing) requested.current.add(id);
    void Promise.all(
      missing.map((id) =>
        api.get<T>(`${path}/${id}`).then(
          (item) => [id, labelOf(item)] as const,
          () => [id, `(${id.slice(0, 8)}…, not visible to you)`] as const,
        ),
      ),
    ).then((pairs) => setLabels((prev) => ({ ...prev, ...Object.fromEntries(pairs) })));
  }, [selectedIds, path, labelOf, labels, list.items]);

  // Labels known from the list shown, then those remembered or fetched.
  const known: Record<string, string> = { ...Object.fromEntries(list.items.map((i) => [i.id, labelOf(i)])), ...labels };

  const toggle = (item: T, on: boolean) => {
    setLabels((prev) => ({ ...prev, [item.id]: props.labelOf(item) }));
    props.onChange(on ? [...props.selectedIds, item.id] : props.selectedIds.filter((id) => id !== item.id), { ...known, [item.id]: props.labelOf(item) });
  };

  return (
    <div className={s.root} role="group" aria-label={props.title}>
      <Text weight="semibold">{props.title}</Text>
      <TagGroup
        className={s.tags}
        aria-label={`Selected ${props.title.toLowerCase()}`}
        onDismiss={(_e, d) => props.onChange(props.selectedIds.filter((id) => id !== d.value), known)}
      >
        {props.selectedIds.length === 0 ? <Text italic>None selected</Text> : null}
        {props.selectedIds.map((id) => (
          <Tag key={id} value={id} dismissible={!props.disabled} size="small">
            {known[id] ?? '…'}
          </Tag>
        ))}
      </TagGroup>
      {!props.disabled ? (
        <>
          <SearchBox className={s.search} placeholder={`Search ${props.title.toLowerCase()}`} value={q} onChange={(_e, d) => setQ(d.value)} aria-label={`Search ${props.title.toLowerCase()}`} />
          <div className={s.list}>
            {list.items.map((item) => (
              <Checkbox key={item.id} label={props.labelOf(item)} checked={props.selectedIds.includes(item.id)} onChange={(_e, d) => toggle(item, d.checked === true)} />
            ))}
            {list.loading ? <Spinner size="tiny" /> : null}
            {!list.loading && list.items.length === 0 ? <EmptyState noun={props.noun ?? props.title.toLowerCase().replace(/s$/, '')} filtered={query.trim() !== ''} italic /> : null}
            {list.hasMore ? (
              <Button size="small" appearance="subtle" onClick={list.loadMore}>
                Show more
              </Button>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
