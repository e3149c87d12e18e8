// The sections of a role, shared by the "Create role" wizard and the role's page:
// name and description, who holds it (groups and users), which rooms, and a review.
import { useCallback } from 'react';
import { Field, Input, Radio, RadioGroup, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { Group, Room, Site, User } from '../../api/types.ts';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import { namesOf, permissionSummary, scopeNames, type RoleDraft, type ScopeMode } from './roleDraft.ts';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
  pickers: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap' },
  review: { display: 'grid', gridTemplateColumns: '160px 1fr', rowGap: tokens.spacingVerticalS, columnGap: tokens.spacingHorizontalL },
});

export interface SectionProps {
  draft: RoleDraft;
  onChange: (patch: Partial<RoleDraft>) => void;
  readOnly?: boolean;
}

export function BasicsSection({ draft, onChange, readOnly, nameError }: SectionProps & { nameError?: string | undefined }) {
  const s = useStyles();
  return (
    <div className={s.column}>
      <Field label="Name" required validationMessage={nameError}>
        <Input name="roleName" value={draft.name} readOnly={readOnly} onChange={(_e, d) => onChange({ name: d.value })} placeholder="e.g. Room support, EMEA" />
      </Field>
      <Field label="Description">
        <Textarea name="roleDescription" value={draft.description} readOnly={readOnly} onChange={(_e, d) => onChange({ description: d.value })} placeholder="Who holds this role and why" />
      </Field>
    </div>
  );
}

export function AssignmentsSection({ draft, onChange, readOnly }: SectionProps) {
  const s = useStyles();
  const groupLabel = useCallback((g: Group) => g.displayName, []);
  const userLabel = useCallback((u: User) => `${u.displayName} <${u.email}>`, []);
  return (
    <div className={s.pickers}>
      <EntityPicker<Group> title="Groups" path="/groups" labelOf={groupLabel} selectedIds={draft.groupIds} onChange={(groupIds, labels) => onChange({ groupIds, labels: { ...draft.labels, ...labels } })} disabled={readOnly} />
      <EntityPicker<User> title="Users" path="/users" labelOf={userLabel} selectedIds={draft.userIds} onChange={(userIds, labels) => onChange({ userIds, labels: { ...draft.labels, ...labels } })} disabled={readOnly} />
    </div>
  );
}

export function ScopeSection({ draft, onChange, readOnly }: SectionProps) {
  const s = useStyles();
  const siteLabel = useCallback((x: Site) => x.name, []);
  const roomLabel = useCallback((r: Room) => `${r.name}${r.siteName ? ` — ${r.siteName}` : ''} (${r.region})`, []);
  const mode = draft.scopeMode;
  return (
    <div className={s.column} style={{ maxWidth: 'none' }}>
      <Field label="This role applies to">
        <RadioGroup value={mode} disabled={readOnly} onChange={(_e, d) => onChange({ scopeMode: d.value as ScopeMode })}>
          <Radio value="all" label="All rooms, including rooms added later" />
          <Radio value="sites" label="Rooms in chosen sites" />
          <Radio value="rooms" label="Chosen rooms" />
          <Radio value="both" label="Chosen sites and chosen rooms" />
        </RadioGroup>
      </Field>
      <div className={s.pickers}>
        {mode === 'sites' || mode === 'both' ? (
          <EntityPicker<Site> title="Sites" path="/sites" labelOf={siteLabel} selectedIds={draft.siteIds} onChange={(siteIds, labels) => onChange({ siteIds, labels: { ...draft.labels, ...labels } })} disabled={readOnly} />
        ) : null}
        {mode === 'rooms' || mode === 'both' ? (
          <EntityPicker<Room> title="Rooms" path="/rooms" labelOf={roomLabel} selectedIds={draft.roomIds} onChange={(roomIds, labels) => onChange({ roomIds, labels: { ...draft.labels, ...labels } })} disabled={readOnly} />
        ) : null}
      </div>
    </div>
  );
}

export function ReviewSection({ draft }: { draft: RoleDraft }) {
  const s = useStyles();
  return (
    <div className={s.review} data-testid="role-review">
      <Text weight="semibold">Name</Text>
      <Text>{draft.name}</Text>
      <Text weight="semibold">Description</Text>
      <Text>{draft.description || '—'}</Text>
      <Text weight="semibold">Permissions</Text>
      <Text>{permissionSummary(draft.permissions)}</Text>
      <Text weight="semibold">Groups</Text>
      <Text data-testid="review-groups">{namesOf(draft.groupIds, draft.labels, 'No groups')}</Text>
      <Text weight="semibold">Users</Text>
      <Text data-testid="review-users">{namesOf(draft.userIds, draft.labels, 'No users')}</Text>
      <Text weight="semibold">Rooms</Text>
      <Text data-testid="review-rooms">{scopeNames(draft)}</Text>
    </div>
  );
}
