// The sections of a role, shared by the "Create role" wizard, the role's page and the
// Assignments tab's dialog: name and description; an assignment's members (groups and
// users), its rooms (all, or chosen sites, room groups and rooms) and its email flag; a review.
import { useCallback } from 'react';
import { Field, Input, Radio, RadioGroup, Switch, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { Group, Room, RoomGroup, Site, User } from '../../api/types.ts';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import type { AssignmentDraft } from './assignmentDraft.ts';
import { namesOf, permissionSummary, scopeNames, type RoleDraft } from './roleDraft.ts';

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

export interface AssignmentSectionProps {
  assignment: AssignmentDraft;
  onChange: (patch: Partial<AssignmentDraft>) => void;
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

export function MembersSection({ assignment, onChange, readOnly }: AssignmentSectionProps) {
  const s = useStyles();
  const groupLabel = useCallback((g: Group) => g.displayName, []);
  const userLabel = useCallback((u: User) => `${u.displayName} <${u.email}>`, []);
  const labels = assignment.labels;
  return (
    <div className={s.pickers}>
      <EntityPicker<Group> title="Groups" path="/groups" labelOf={groupLabel} selectedIds={assignment.groupIds} onChange={(groupIds, l) => onChange({ groupIds, labels: { ...labels, ...l } })} disabled={readOnly} />
      <EntityPicker<User> title="Users" path="/users" labelOf={userLabel} selectedIds={assignment.userIds} onChange={(userIds, l) => onChange({ userIds, labels: { ...labels, ...l } })} disabled={readOnly} />
    </div>
  );
}

export function ScopeSection({ assignment, onChange, readOnly }: AssignmentSectionProps) {
  const s = useStyles();
  const siteLabel = useCallback((x: Site) => x.name, []);
  const groupLabel = useCallback((g: RoomGroup) => g.name, []);
  const roomLabel = useCallback((r: Room) => `${r.name}${r.siteName ? ` — ${r.siteName}` : ''} (${r.region})`, []);
  const labels = assignment.labels;
  return (
    <div className={s.column} style={{ maxWidth: 'none' }}>
      <Field label="This assignment applies to">
        <RadioGroup value={assignment.allRooms ? 'all' : 'chosen'} disabled={readOnly} onChange={(_e, d) => onChange({ allRooms: d.value === 'all' })}>
          <Radio value="all" label="All rooms, including rooms added later" />
          <Radio value="chosen" label="Chosen sites, room groups and rooms" />
        </RadioGroup>
      </Field>
      {assignment.allRooms ? null : (
        <div className={s.pickers}>
          <EntityPicker<Site> title="Sites" path="/sites" labelOf={siteLabel} selectedIds={assignment.siteIds} onChange={(siteIds, l) => onChange({ siteIds, labels: { ...labels, ...l } })} disabled={readOnly} />
          <EntityPicker<RoomGroup>
            title="Room groups"
            noun="room group"
            path="/room-groups"
            labelOf={groupLabel}
            selectedIds={assignment.roomGroupIds}
            onChange={(roomGroupIds, l) => onChange({ roomGroupIds, labels: { ...labels, ...l } })}
            disabled={readOnly}
          />
          <EntityPicker<Room> title="Rooms" path="/rooms" labelOf={roomLabel} selectedIds={assignment.roomIds} onChange={(roomIds, l) => onChange({ roomIds, labels: { ...labels, ...l } })} disabled={readOnly} />
        </div>
      )}
    </div>
  );
}

export function EmailSection({ assignment, onChange, readOnly }: AssignmentSectionProps) {
  return (
    <Switch
      label="Email notifications: its members are emailed about incidents in these rooms"
      checked={assignment.emailNotifications}
      disabled={readOnly}
      onChange={(_e, d) => onChange({ emailNotifications: d.checked })}
    />
  );
}

export function ReviewSection({ draft }: { draft: RoleDraft }) {
  const s = useStyles();
  const a = draft.assignment;
  return (
    <div className={s.review} data-testid="role-review">
      <Text weight="semibold">Name</Text>
      <Text>{draft.name}</Text>
      <Text weight="semibold">Description</Text>
      <Text>{draft.description || '—'}</Text>
      <Text weight="semibold">Permissions</Text>
      <Text>{permissionSummary(draft.permissions)}</Text>
      <Text weight="semibold">Groups</Text>
      <Text data-testid="review-groups">{namesOf(a.groupIds, a.labels, 'No groups')}</Text>
      <Text weight="semibold">Users</Text>
      <Text data-testid="review-users">{namesOf(a.userIds, a.labels, 'No users')}</Text>
      <Text weight="semibold">Rooms</Text>
      <Text data-testid="review-rooms">{scopeNames(a)}</Text>
      <Text weight="semibold">Email notifications</Text>
      <Text>{a.emailNotifications ? 'On' : 'Off'}</Text>
    </div>
  );
}
