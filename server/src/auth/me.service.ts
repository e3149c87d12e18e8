// GET /me: who the caller is, their groups, their effective permissions, and whether the
// organisation allows remote access (and whom to ask), which every signed-in user may know:
// the portal says why "Start session" is disabled without reading Settings > General.
import type { Permissions, UserView } from '@roomwarden/protocol';
import type { GroupsRepository } from '../repositories/groups.repository.ts';
import type { UsersRepository } from '../repositories/users.repository.ts';
import { AppError } from '../errors.ts';
import type { AuthorizationService } from '../access/authorization.service.ts';
import type { Caller } from '../access/caller.ts';
import { userView } from '../directory/views.ts';

export interface MeView {
  user: UserView;
  groups: Array<{ id: string; displayName: string }>;
  permissions: Permissions;
  roles: Array<{ id: string; name: string }>;
  authMethod: 'cookie' | 'bearer';
  remoteAccess: { enabled: boolean; contactEmail: string | null };
}

/** Settings > General as far as /me tells it (SettingsService.getGeneral). */
export interface RemoteAccessState {
  getGeneral(): Promise<{ remoteAccessEnabled: boolean; remoteAccessContactEmail: string | null }>;
}

export class MeService {
  constructor(
    private readonly users: UsersRepository,
    private readonly groups: GroupsRepository,
    private readonly authz: AuthorizationService,
    private readonly settings: RemoteAccessState,
  ) {}

  async describe(caller: Caller): Promise<MeView> {
    const p = caller.principal;
    if (p.kind !== 'user') throw new AppError('NOT_AUTHENTICATED', 'Sign in first');
    const [user, groups, grants, general] = await Promise.all([this.users.findById(p.userId), this.groups.listForUser(p.userId), this.authz.grantsFor(p), this.settings.getGeneral()]);
    if (!user) throw new AppError('NOT_AUTHENTICATED', 'Sign in first');
    return {
      user: userView(user),
      groups: groups.map((g) => ({ id: g.id, displayName: g.displayName })),
      permissions: grants.summary(),
      roles: grants.roles(),
      authMethod: p.via,
      remoteAccess: { enabled: general.remoteAccessEnabled, contactEmail: general.remoteAccessContactEmail },
    };
  }
}
