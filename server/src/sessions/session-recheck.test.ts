import { describe, expect, it } from 'vitest';
import type { Grants } from '../access/grants.ts';
import type { SettingsService } from '../platform/settings.service.ts';
import { whyAgentWentAway } from './session-recheck.ts';

const modifyEverywhere = { onRoom: () => 'modify' } as unknown as Grants;

function deps(opts: { rooms: string[]; settingsFail?: boolean }) {
  const warned: string[] = [];
  return {
    warned,
    deps: {
      authz: { grantsForEach: async (ids: readonly string[]) => new Map(ids.map((id) => [id, modifyEverywhere])) },
      repo: {
        usersUnable: async () => new Map<string, 'disabled' | 'removed'>(),
        roomsByIds: async (ids: readonly string[]) => ids.filter((id) => opts.rooms.includes(id)).map((id) => ({ id, name: id, siteId: null, remoteAccessAllowed: true, roomGroupIds: [] })),
      },
      settings: {
        getGeneral: async () => {
          if (opts.settingsFail) throw new Error('database down');
          return { remoteAccessEnabled: true } as Awaited<ReturnType<SettingsService['getGeneral']>>;
        },
      },
      log: { warn: (_obj: object, msg: string) => void warned.push(msg) },
    },
  };
}

const session = (id: string, roomId: string) => ({ id, userId: 'u1', roomId, mode: 'control' as const });

describe('whyAgentWentAway', () => {
  it('names the deleted room (room_removed), not the agent that its node closed because of it', async () => {
    const { deps: d } = deps({ rooms: [] });
    expect(await whyAgentWentAway(d, [session('s1', 'r-deleted')])).toEqual(new Map([['s1', 'room_removed']]));
  });

  it('says agent_disconnected when nothing else ends the session', async () => {
    const { deps: d } = deps({ rooms: ['r1'] });
    expect(await whyAgentWentAway(d, [session('s1', 'r1')])).toEqual(new Map([['s1', 'agent_disconnected']]));
  });

  it('falls back to agent_disconnected, and says so, when the facts cannot be read', async () => {
    const { deps: d, warned } = deps({ rooms: [], settingsFail: true });
    expect(await whyAgentWentAway(d, [session('s1', 'r1')])).toEqual(new Map([['s1', 'agent_disconnected']]));
    expect(warned).toHaveLength(1);
  });
});
