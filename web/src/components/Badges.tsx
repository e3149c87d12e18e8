// Status badges shared by room lists and details.
import { Badge } from '@fluentui/react-components';

type Look = { color: 'success' | 'warning' | 'danger' | 'informative'; appearance: 'filled' | 'tint'; label: string };
const STATUS: Record<string, Look> = {
  healthy: { color: 'success', appearance: 'filled', label: 'Healthy' },
  warning: { color: 'warning', appearance: 'filled', label: 'Warning' },
  unhealthy: { color: 'danger', appearance: 'filled', label: 'Unhealthy' },
  offline: { color: 'informative', appearance: 'tint', label: 'Offline' },
};

export function RoomStatusBadge({ status }: { status: string }) {
  const s: Look = STATUS[status] ?? { color: 'informative', appearance: 'tint', label: status };
  return (
    <Badge appearance={s.appearance} color={s.color} data-status={status} style={{ whiteSpace: 'nowrap' }}>
      {s.label}
    </Badge>
  );
}

export function YesNoBadge({ value, yes, no }: { value: boolean; yes: string; no: string }) {
  return (
    <Badge appearance="tint" color={value ? 'brand' : 'subtle'}>
      {value ? yes : no}
    </Badge>
  );
}
