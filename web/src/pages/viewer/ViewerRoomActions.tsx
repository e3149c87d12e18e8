// The viewer toolbar's "Restart device" / "Restart room app", for roomActions Modify on
// the session's room (the same buttons and confirmation as the room page).
import { api } from '../../api/client.ts';
import type { Room } from '../../api/types.ts';
import { useLoad } from '../../components/useLoad.ts';
import type { RoomAgentView } from '@roomwarden/protocol';
import { RoomActionButtons } from '../rooms/RoomActionButtons.tsx';

export function ViewerRoomActions(props: { roomId: string }) {
  const room = useLoad(() => api.get<Room>(`/rooms/${props.roomId}`), [props.roomId]);
  const canRun = room.data?.myPermissions.roomActions === 'modify';
  const agent = useLoad(() => (canRun ? api.get<RoomAgentView>(`/rooms/${props.roomId}/agent`) : Promise.resolve(undefined)), [props.roomId, canRun]);
  if (!room.data || !canRun) return null;
  return <RoomActionButtons roomId={room.data.id} roomName={room.data.name} agent={agent.data} showReasons={false} />;
}
