// API shapes of stored rows (the contract's field names).
import type { UserRow } from '../repositories/users.repository.ts';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  disabled: boolean;
  externalId: string | null;
  source: string;
  createdAt: string;
  lastLoginAt: string | null;
}

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    disabled: u.disabled,
    externalId: u.external_id,
    source: u.source,
    createdAt: u.created_at.toISOString(),
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
  };
}
