// Audit log filters: action and target type (dropdowns from the catalogue in protocol),
// actor, and a time window.
import { useState } from 'react';
import { Button, Dropdown, Field, Input, Option, OptionGroup, Tag, makeStyles, tokens } from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import { AUDIT_TARGET_TYPES, auditActionLabel, auditActionsByGroup, auditTargetTypeLabel } from '@roomwarden/protocol';

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
  actor: { display: 'flex', alignItems: 'center', minHeight: '32px', width: '200px' },
  dropdown: { minWidth: '200px', width: '200px' },
  narrow: { minWidth: '160px', width: '160px' },
  date: { width: '190px' },
  actorInput: { width: '100%' },
  oneLine: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
});

const ACTION_GROUPS = auditActionsByGroup();
const TARGET_TYPES = Object.keys(AUDIT_TARGET_TYPES).sort((a, b) => auditTargetTypeLabel(a).localeCompare(auditTargetTypeLabel(b)));

/** The page's filters as the API's query (the list and the export take the same one). */
export function filterQuery(f: AuditFilter): Record<string, string | undefined> {
  return { action: f.action || undefined, actorId: f.actor?.id, targetType: f.targetType || undefined, from: localToIso(f.from), to: localToIso(f.to) };
}

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
        <Dropdown
          className={s.dropdown}
          button={{ className: s.oneLine, title: value.action ? `${auditActionLabel(value.action)} (${value.action})` : undefined }}
          name="action"
          placeholder="Any action"
          value={value.action ? auditActionLabel(value.action) : 'Any action'}
          selectedOptions={[value.action]}
          onOptionSelect={(_e, d) => set({ action: d.optionValue ?? '' })}
        >
          <Option value="">Any action</Option>
          {ACTION_GROUPS.map((g) => (
            <OptionGroup key={g.key} label={g.label}>
              {g.actions.map((a) => (
                <Option key={a.action} value={a.action} text={a.label}>
                  {a.label}
                </Option>
              ))}
            </OptionGroup>
          ))}
        </Dropdown>
      </Field>
      <Field label="Actor">
        <div className={s.actor}>
          {value.actor ? (
            <Tag dismissible dismissIcon={{ 'aria-label': 'Clear actor filter', children: <Dismiss20Regular /> }} onClick={() => set({ actor: null })}>
              {value.actor.label}
            </Tag>
          ) : (
            <Input
              className={s.actorInput}
              name="actorId"
              placeholder="A user id, or filter a row"
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
        <Dropdown
          className={s.narrow}
          button={{ className: s.oneLine }}
          name="targetType"
          value={value.targetType ? auditTargetTypeLabel(value.targetType) : 'Any target'}
          selectedOptions={[value.targetType]}
          onOptionSelect={(_e, d) => set({ targetType: d.optionValue ?? '' })}
        >
          <Option value="">Any target</Option>
          {TARGET_TYPES.map((t) => (
            <Option key={t} value={t}>
              {auditTargetTypeLabel(t)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="From">
        <Input className={s.date} type="datetime-local" name="from" value={value.from} onChange={(_e, d) => set({ from: d.value })} />
      </Field>
      <Field label="To">
        <Input className={s.date} type="datetime-local" name="to" value={value.to} onChange={(_e, d) => set({ to: d.value })} />
      </Field>
      <Button appearance="subtle" onClick={() => onChange(EMPTY_FILTER)}>
        Clear filters
      </Button>
    </div>
  );
}
