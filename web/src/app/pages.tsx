// The portal's pages: each entry is a route, and (with `nav`) an item of the left
// navigation. Adding a page is one entry here. `area` hides the nav item and refuses
// the page when the signed-in user's level for that area is `none`.
import type { ReactElement } from 'react';
import type { Area } from '@roomwarden/protocol';
import {
  ConferenceRoom20Regular,
  DesktopCursor20Regular,
  DocumentBulletList20Regular,
  Key20Regular,
  PeopleTeam20Regular,
  Settings20Regular,
  ShieldPerson20Regular,
  Warning20Regular,
} from '@fluentui/react-icons';
import { ComingSoonPage } from '../pages/placeholder/ComingSoonPage.tsx';
import { RoomsPage } from '../pages/rooms/RoomsPage.tsx';
import { AuditLogPage } from '../pages/audit/AuditLogPage.tsx';
import { GeneralSettingsPage } from '../pages/settings/GeneralSettingsPage.tsx';
import { RolesPage } from '../pages/roles/RolesPage.tsx';
import { RoleCreatePage } from '../pages/roles/RoleCreatePage.tsx';
import { RoleDetailsPage } from '../pages/roles/RoleDetailsPage.tsx';
import { DirectoryPage } from '../pages/directory/DirectoryPage.tsx';
import { GroupDetailsPage } from '../pages/directory/GroupDetailsPage.tsx';

export type NavSection = 'main' | 'settings';

export interface PortalPage {
  path: string;
  element: ReactElement;
  area?: Area;
  nav?: { label: string; icon: ReactElement; section: NavSection };
}

export const PAGES: PortalPage[] = [
  { path: '/rooms', element: <RoomsPage />, area: 'rooms', nav: { label: 'Rooms', icon: <ConferenceRoom20Regular />, section: 'main' } },
  {
    path: '/rooms/:roomId',
    area: 'rooms',
    element: <ComingSoonPage title="Room" what="A room's health, incidents and remote sessions." arrivesWith="room health monitoring and remote sessions" />,
  },
  {
    path: '/incidents',
    area: 'incidents',
    element: <ComingSoonPage title="Incidents" what="Problems the health engine found in your rooms." arrivesWith="room health monitoring (agents and incidents)" />,
    nav: { label: 'Incidents', icon: <Warning20Regular />, section: 'main' },
  },
  {
    path: '/sessions',
    area: 'remoteAccess',
    element: <ComingSoonPage title="Sessions" what="Live and past remote desktop sessions to room consoles." arrivesWith="remote sessions" />,
    nav: { label: 'Sessions', icon: <DesktopCursor20Regular />, section: 'main' },
  },
  { path: '/audit', element: <AuditLogPage />, area: 'audit', nav: { label: 'Audit log', icon: <DocumentBulletList20Regular />, section: 'main' } },
  { path: '/settings/general', element: <GeneralSettingsPage />, area: 'settings', nav: { label: 'General', icon: <Settings20Regular />, section: 'settings' } },
  { path: '/settings/roles', element: <RolesPage />, area: 'roles', nav: { label: 'Roles', icon: <ShieldPerson20Regular />, section: 'settings' } },
  { path: '/settings/roles/new', element: <RoleCreatePage />, area: 'roles' },
  { path: '/settings/roles/:roleId', element: <RoleDetailsPage />, area: 'roles' },
  { path: '/settings/directory', element: <DirectoryPage />, area: 'directory', nav: { label: 'Users & groups', icon: <PeopleTeam20Regular />, section: 'settings' } },
  { path: '/settings/directory/groups/:groupId', element: <GroupDetailsPage />, area: 'directory' },
  {
    path: '/settings/enrollment',
    area: 'enrollment',
    element: <ComingSoonPage title="Enrollment" what="Tokens that let room agents join Roomwarden." arrivesWith="room agents and enrollment" />,
    nav: { label: 'Enrollment', icon: <Key20Regular />, section: 'settings' },
  },
];

export const NAV_SECTIONS: Array<{ key: NavSection; label: string | null }> = [
  { key: 'main', label: null },
  { key: 'settings', label: 'Settings' },
];
