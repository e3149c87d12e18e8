// A role's Assignments tab, as in the Teams Rooms Pro portal: each assignment with its
// name, members, rooms and email notifications; add, edit and remove (Roles: Modify).
import { Badge, Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, Delete20Regular, Edit20Regular } from '@fluentui/react-icons';
import { api } from '../../api/client.ts';
import type { Assignment, Group, Role, Room, RoomGroup, Site, User } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { AssignmentDialog } from './AssignmentDialog.tsx';
import { useEntityNames } from '../../components/useEntityNames.ts';
import { namesOf } from './roleDraft.ts';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

/** The names an assignment's members and rooms go by, read once each. */
function useAssignmentNames(assignments: readonly Assignment[]): Record<string, string> {
  const all = (pick: (a: Assignment) => string[]) => [...new Set(assignments.flatMap(pick))];
  return useEntityNames([
    { path: '/groups', ids: all((a) => a.groupIds), labelOf: (g: Group) => g.displayName },
    { path: '/users', ids: all((a) => a.userIds), labelOf: (u: User) => u.displayName },
    { path: '/sites', ids: all((a) => a.scope.siteIds), labelOf: (x: Site) => x.name },
    { path: '/room-groups', ids: all((a) => a.scope.roomGroupIds), labelOf: (g: RoomGroup) => g.name },
    { path: '/rooms', ids: all((a) => a.scope.roomIds), labelOf: (r: Room) => r.name },
  ]);
}

function membersText(a: Assignment, names: Record<string, string>): string {
  const parts = [];
  if (a.groupIds.length) parts.push(`Groups: ${namesOf(a.groupIds, names, '')}`);
  if (a.userIds.length) parts.push(`Users: ${namesOf(a.userIds, names, '')}`);
  return parts.length ? parts.join('; ') : 'No members';
}

function roomsText(a: Assignment, names: Record<string, string>): string {
  if (a.scope.allRooms) return 'All rooms';
  const parts = [];
  if (a.scope.siteIds.length) parts.push(`Sites: ${namesOf(a.scope.siteIds, names, '')}`);
  if (a.scope.roomGroupIds.length) parts.push(`Room groups: ${namesOf(a.scope.roomGroupIds, names, '')}`);
  if (a.scope.roomIds.length) parts.push(`Rooms: ${namesOf(a.scope.roomIds, names, '')}`);
  return parts.length ? parts.join('; ') : 'No rooms';
}

export function AssignmentsTab(props: { role: Role; canModify: boolean; onChanged: () => void }) {
  const s = useStyles();
  const { role, canModify, onChanged } = props;
  const names = useAssignmentNames(role.assignments);
  const add = (
    <AssignmentDialog
      role={role}
      trigger={
        <Button appearance="primary" icon={<Add20Regular />}>
          Add assignment
        </Button>
      }
      onSaved={onChanged}
    />
  );
  return (
    <>
      {canModify ? <div className={s.bar}>{add}</div> : null}
      {role.assignments.length === 0 ? (
        <EmptyState noun="assignment" filtered={false} none={`Nobody holds ${role.name} yet. Add an assignment: who holds the role, and on which rooms.`} action={null} />
      ) : (
        <Table className={s.table} aria-label="Assignments">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Members</TableHeaderCell>
              <TableHeaderCell>Rooms</TableHeaderCell>
              <TableHeaderCell style={{ width: 170 }}>Email notifications</TableHeaderCell>
              {canModify ? <TableHeaderCell style={{ width: 110 }} /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {role.assignments.map((a: Assignment) => (
              <TableRow key={a.id} data-assignment-name={a.name}>
                <TableCell>{a.name}</TableCell>
                <TableCell>{membersText(a, names)}</TableCell>
                <TableCell>{roomsText(a, names)}</TableCell>
                <TableCell>{a.emailNotifications ? <Badge color="brand">On</Badge> : <Badge appearance="outline">Off</Badge>}</TableCell>
                {canModify ? (
                  <TableCell>
                    <div className={s.actions}>
                      <AssignmentDialog role={role} assignment={a} trigger={<Button size="small" appearance="subtle" icon={<Edit20Regular />} aria-label={`Edit ${a.name}`} />} onSaved={onChanged} />
                      <ConfirmDialog
                        trigger={<Button size="small" appearance="subtle" icon={<Delete20Regular />} aria-label={`Remove ${a.name}`} />}
                        title={`Remove ${a.name}?`}
                        body={`Its members lose ${role.name} on its rooms at once (what their other assignments give stays).`}
                        confirmLabel="Remove assignment"
                        onConfirm={async () => {
                          await api.del(`/roles/${role.id}/assignments/${a.id}`);
                          onChanged();
                        }}
                      />
                    </div>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
