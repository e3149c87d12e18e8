// The permission matrix: one row per area of the catalogue in @roomwarden/protocol,
// a View and a Modify box each. Modify implies View.
import { Badge, Checkbox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { AREA_CATALOGUE, type Level, type Permissions } from '@roomwarden/protocol';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  means: { color: tokens.colorNeutralForeground3 },
});

export function PermissionMatrix({ value, onChange, readOnly }: { value: Permissions; onChange: (p: Permissions) => void; readOnly?: boolean }) {
  const s = useStyles();
  const set = (key: keyof Permissions, level: Level) => onChange({ ...value, [key]: level });
  return (
    <Table className={s.table} aria-label="Permissions" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Area</TableHeaderCell>
          <TableHeaderCell style={{ width: 260 }}>View</TableHeaderCell>
          <TableHeaderCell style={{ width: 300 }}>Modify</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {AREA_CATALOGUE.map((a) => {
          const level = value[a.key];
          return (
            <TableRow key={a.key} data-area={a.key}>
              <TableCell>
                <Text weight="semibold">{a.label}</Text>{' '}
                {a.roomScoped ? (
                  <Badge size="small" appearance="outline" color="informative">
                    per room
                  </Badge>
                ) : null}
              </TableCell>
              <TableCell>
                <Checkbox
                  aria-label={`${a.label}: View`}
                  checked={level !== 'none'}
                  disabled={readOnly || level === 'modify'}
                  onChange={(_e, d) => set(a.key, d.checked ? 'view' : 'none')}
                  label={<span className={s.means}>{a.viewMeans}</span>}
                />
              </TableCell>
              <TableCell>
                <Checkbox
                  aria-label={`${a.label}: Modify`}
                  checked={level === 'modify'}
                  disabled={readOnly}
                  onChange={(_e, d) => set(a.key, d.checked ? 'modify' : 'view')}
                  label={<span className={s.means}>{a.modifyMeans}</span>}
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
