// Audit log filters: action, actor, target type, and a time window.
import { useState } from 'react';
import { Button, Field, Input, Tag, makeStyles, tokens } from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';

export interface AuditFilter {
  action: string;
  actor: { id: string; label: string } | null;
  targetType: string;
  from: string; // datetime-local value
  to: string;
}

export const EMPTY_FILTER: AuditFilter = { action: '', actor: null, targetType: '', from: '', to: '' };

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  actor: { display: 'flex', alignItems: 'center', minHeight: '32px', width: '260px' },
});

const TARGET_TYPES = ['settings', 'user', 'group', 'role', 'site', 'room', 'session', 'token', 'enrollmentToken', 'incident'];

/** datetime-local (local time) → ISO string with offset, as the API wants. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function AuditFilters({ value, onChange }: { value: AuditFilter; onChange: (f: AuditFilter) => void }) {
  const s = useStyles();
  const set = (patch: Partial<AuditFilter>) => onChange({ ...value, ...patch });
  const [typed, setTyped] = useState('');
  const applyTyped = () => {
    const id = typed.trim();
    if (id) set({ actor: { id, label: id } });
    setTyped('');
  };
  return (
    <div className={s.bar} role="search" aria-label="Audit log filters">
      <Field label="Action">
        <Input name="action" placeholder="e.g. settings.general.update" value={value.action} onChange={(_e, d) => set({ action: d.value })} />
      </Field>
      <Field label="Actor">
        <div className={s.actor}>
          {value.actor ? (
            <Tag dismissible dismissIcon={{ 'aria-label': 'Clear actor filter', children: <Dismiss20Regular /> }} onClick={() => set({ actor: null })}>
              {value.actor.label}
            </Tag>
          ) : (
            <Input
              name="actorId"
              placeholder="Click a name below, or a user id"
              value={typed}
              onChange={(_e, d) => setTyped(d.value)}
              onBlur={applyTyped}
              onKeyDown={(e) => {
                if (e.key === 'Enter') applyTyped();
              }}
            />
          )}
        </div>
      </Field>
      <Field label="Target type">
        <Input name="targetType" list="audit-target-types" placeholder="any" value={value.targetType} onChange={(_e, d) => set({ targetType: d.value })} />
      </Field>
      <datalist id="audit-target-types">
        {TARGET_TYPES.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <Field label="From">
        <Input type="datetime-local" name="from" value={value.from} onChange={(_e, d) => set({ from: d.value })} />
      </Field>
      <Field label="To">
        <Input type="datetime-local" name="to" value={value.to} onChange={(_e, d) => set({ to: d.value })} />
      </Field>
      <Button appearance="subtle" onClick={() => onChange(EMPTY_FILTER)}>
        Clear filters
      </Button>
    </div>
  );
}
