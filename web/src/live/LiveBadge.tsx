// Whether the page's live updates are flowing.
import { Badge } from '@fluentui/react-components';
import type { LiveState } from './useLiveEvents.ts';

export function LiveBadge({ state }: { state: LiveState }) {
  if (state === 'open') {
    return (
      <Badge appearance="tint" color="success" data-testid="live-state" data-live={state}>
        Live
      </Badge>
    );
  }
  return (
    <Badge appearance="tint" color={state === 'reconnecting' ? 'warning' : 'informative'} data-testid="live-state" data-live={state}>
      {state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
    </Badge>
  );
}
