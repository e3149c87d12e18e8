// The portal's pages: each entry is a route, and (with `nav`) an item of the left
// navigation. Adding a page is one entry here. `areas` hides the nav item and refuses
// the page unless the signed-in user has a level other than `none` in one of them.
import { lazy, type ReactElement } from 'react';
import { ROOM_AREAS, type Area } from '@roomwarden/protocol';
import {
  AlertSnooze20Regular,
  Building20Regular,
  ConferenceRoom20Regular,
  DesktopCursor20Regular,
  DocumentBulletList20Regular,
  GroupList20Regular,
  Key20Regular,
  Alert20Regular,
  PeopleTeam20Regular,
  Server20Regular,
  Settings20Regular,
  ShieldPerson20Regular,
  Warning20Regular,
} from '@fluentui/react-icons';

// Each page is its own chunk: the first load carries the shell, not every page (noVNC only with the viewer).
const RoomsPage = lazy(() => import('../pages/rooms/RoomsPage.tsx').then((m) => ({ default: m.RoomsPage })));
const AuditLogPage = lazy(() => import('../pages/audit/AuditLogPage.tsx').then((m) => ({ default: m.AuditLogPage })));
const GeneralSettingsPage = lazy(() => import('../pages/settings/GeneralSettingsPage.tsx').then((m) => ({ default: m.GeneralSettingsPage })));
const RolesPage = lazy(() => import('../pages/roles/RolesPage.tsx').then((m) => ({ default: m.RolesPage })));
const RoleCreatePage = lazy(() => import('../pages/roles/RoleCreatePage.tsx').then((m) => ({ default: m.RoleCreatePage })));
const RoleDetailsPage = lazy(() => import('../pages/roles/RoleDetailsPage.tsx').then((m) => ({ default: m.RoleDetailsPage })));
const DirectoryPage = lazy(() => import('../pages/directory/DirectoryPage.tsx').then((m) => ({ default: m.DirectoryPage })));
const GroupDetailsPage = lazy(() => import('../pages/directory/GroupDetailsPage.tsx').then((m) => ({ default: m.GroupDetailsPage })));
const RoomPage = lazy(() => import('../pages/rooms/RoomPage.tsx').then((m) => ({ default: m.RoomPage })));
const IncidentsPage = lazy(() => import('../pages/incidents/IncidentsPage.tsx').then((m) => ({ default: m.IncidentsPage })));
const SessionsPage = lazy(() => import('../pages/sessions/SessionsPage.tsx').then((m) => ({ default: m.SessionsPage })));
const ViewerPage = lazy(() => import('../pages/viewer/ViewerPage.tsx').then((m) => ({ default: m.ViewerPage })));
// --- room groups (issue 14, part A)
const RoomGroupsPage = lazy(() => import('../pages/roomGroups/RoomGroupsPage.tsx').then((m) => ({ default: m.RoomGroupsPage })));
const RoomGroupDetailsPage = lazy(() => import('../pages/roomGroups/RoomGroupDetailsPage.tsx').then((m) => ({ default: m.RoomGroupDetailsPage })));
const EnrollmentPage = lazy(() => import('../pages/enrollment/EnrollmentPage.tsx').then((m) => ({ default: m.EnrollmentPage })));
const IncidentPage = lazy(() => import('../pages/incidents/IncidentPage.tsx').then((m) => ({ default: m.IncidentPage })));
const SitesPage = lazy(() => import('../pages/sites/SitesPage.tsx').then((m) => ({ default: m.SitesPage })));
const ClusterPage = lazy(() => import('../pages/cluster/ClusterPage.tsx').then((m) => ({ default: m.ClusterPage })));
const IncidentSettingsPage = lazy(() => import('../pages/settings/IncidentSettingsPage.tsx').then((m) => ({ default: m.IncidentSettingsPage })));
const NotificationsPage = lazy(() => import('../pages/notifications/NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage })));
const DeliveriesPage = lazy(() => import('../pages/notifications/DeliveriesPage.tsx').then((m) => ({ default: m.DeliveriesPage })));

/** Rooms are listed to anyone with any room-scoped level on some room. */
const ROOM_VISIBLE = ROOM_AREAS;

export type NavSection = 'main' | 'settings';

export interface PortalPage {
  path: string;
  element: ReactElement;
  areas?: readonly Area[];
  nav?: { label: string; icon: ReactElement; section: NavSection };
}

export const PAGES: PortalPage[] = [
  { path: '/rooms', element: <RoomsPage />, areas: ROOM_VISIBLE, nav: { label: 'Rooms', icon: <ConferenceRoom20Regular />, section: 'main' } },
  { path: '/rooms/:roomId', areas: ROOM_VISIBLE, element: <RoomPage /> },
  {
    path: '/incidents',
    areas: ['incidents'],
    element: <IncidentsPage />,
    nav: { label: 'Incidents', icon: <Warning20Regular />, section: 'main' },
  },
  {
    path: '/sessions',
    areas: ['remoteAccess'],
    element: <SessionsPage />,
    nav: { label: 'Sessions', icon: <DesktopCursor20Regular />, section: 'main' },
  },
  { path: '/sessions/:sessionId/view', areas: ['remoteAccess'], element: <ViewerPage /> },
  { path: '/audit', element: <AuditLogPage />, areas: ['audit'], nav: { label: 'Audit log', icon: <DocumentBulletList20Regular />, section: 'main' } },
  { path: '/settings/general', element: <GeneralSettingsPage />, areas: ['settings'], nav: { label: 'General', icon: <Settings20Regular />, section: 'settings' } },
  { path: '/settings/roles', element: <RolesPage />, areas: ['roles'], nav: { label: 'Roles', icon: <ShieldPerson20Regular />, section: 'settings' } },
  { path: '/settings/roles/new', element: <RoleCreatePage />, areas: ['roles'] },
  { path: '/settings/roles/:roleId', element: <RoleDetailsPage />, areas: ['roles'] },
  { path: '/settings/directory', element: <DirectoryPage />, areas: ['directory'], nav: { label: 'Users & groups', icon: <PeopleTeam20Regular />, section: 'settings' } },
  { path: '/settings/directory/groups/:groupId', element: <GroupDetailsPage />, areas: ['directory'] },
  // --- room groups (issue 14, part A): read by anyone who sees rooms, managed with Rooms: Modify on all rooms
  { path: '/settings/room-groups', element: <RoomGroupsPage />, areas: ROOM_VISIBLE, nav: { label: 'Room groups', icon: <GroupList20Regular />, section: 'settings' } },
  { path: '/settings/room-groups/:groupId', element: <RoomGroupDetailsPage />, areas: ROOM_VISIBLE },
  {
    path: '/settings/enrollment',
    areas: ['enrollment'],
    element: <EnrollmentPage />,
    nav: { label: 'Enrollment', icon: <Key20Regular />, section: 'settings' },
  },
  { path: '/sites', areas: ['rooms'], element: <SitesPage />, nav: { label: 'Sites', icon: <Building20Regular />, section: 'main' } },
  { path: '/incidents/:incidentId', areas: ['incidents'], element: <IncidentPage /> },
  { path: '/settings/incidents', areas: ['settings'], element: <IncidentSettingsPage />, nav: { label: 'Incident settings', icon: <AlertSnooze20Regular />, section: 'settings' } },
  { path: '/settings/notifications', element: <NotificationsPage />, areas: ['settings'], nav: { label: 'Notifications', icon: <Alert20Regular />, section: 'settings' } },
  { path: '/settings/notifications/deliveries', element: <DeliveriesPage />, areas: ['settings'] },
  { path: '/settings/cluster', element: <ClusterPage />, areas: ['settings'], nav: { label: 'Cluster', icon: <Server20Regular />, section: 'settings' } },
];

export const NAV_SECTIONS: Array<{ key: NavSection; label: string | null }> = [
  { key: 'main', label: null },
  { key: 'settings', label: 'Settings' },
];
