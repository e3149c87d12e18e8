// Status badges shared by room lists and details.
import { Badge } from '@fluentui/react-components';

const STATUS: Record<string, { color: 'success' | 'warning' | 'danger' | 'informative' | 'subtle'; label: string }> = {
  healthy: { color: 'success', label: 'Healthy' },
  warning: { color: 'warning', label: 'Warning' },
  unhealthy: { color: 'danger', label: 'Unhealthy' },
  offline: { color: 'subtle', label: 'Offline' },
};

export function RoomStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { color: 'informative' as const, label: status };
  return (
    <Badge appearance="filled" color={s.color} data-status={status}>
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
