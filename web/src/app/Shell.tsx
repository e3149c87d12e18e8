// The frame around every signed-in page: top bar (product, user, sign out) and the
// left navigation built from PAGES, without the areas the user has no access to.
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Button, NavDrawer, NavDrawerBody, NavItem, NavSectionHeader, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldKeyhole20Regular, SignOut20Regular } from '@fluentui/react-icons';
import type { Me } from '../api/types.ts';
import { useMe, useSession } from './session.tsx';
import { NAV_SECTIONS, PAGES, type PortalPage } from './pages.tsx';

const useStyles = makeStyles({
  // The document scrolls (so full-page screenshots and printing see everything); the
  // top bar and the navigation stay in place.
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  top: {
    position: 'sticky',
    top: 0,
    zIndex: 10,
    height: '48px',
    boxSizing: 'border-box',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  product: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  spacer: { flexGrow: 1 },
  user: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  signOut: { color: tokens.colorNeutralForegroundOnBrand },
  body: { display: 'grid', gridTemplateColumns: '240px minmax(0, 1fr)', minHeight: 'calc(100vh - 48px)' },
  side: { backgroundColor: tokens.colorNeutralBackground4, borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  nav: { position: 'sticky', top: '48px', height: 'calc(100vh - 48px)', width: '100%' },
  main: { minWidth: 0 },
});

export function canSee(me: Me, page: PortalPage): boolean {
  return !page.areas || page.areas.some((a) => me.permissions[a] !== 'none');
}

export function Shell({ children }: { children: ReactNode }) {
  const s = useStyles();
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const navPages = PAGES.filter((p) => p.nav && canSee(me, p));
  const selected = navPages
    .map((p) => p.path)
    .filter((path) => location.pathname === path || location.pathname.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <div className={s.root}>
      <header className={s.top}>
        <span className={s.product}>
          <ShieldKeyhole20Regular /> Roomwarden
        </span>
        <span className={s.spacer} />
        <span className={s.user} data-testid="signed-in-user">
          <Avatar size={24} name={me.user.displayName} color="colorful" />
          <Text>{me.user.displayName}</Text>
          <Text size={200}>({me.user.email})</Text>
        </span>
        <Button appearance="transparent" className={s.signOut} icon={<SignOut20Regular />} onClick={() => void signOut()}>
          Sign out
        </Button>
      </header>
      <div className={s.body}>
        <aside className={s.side}>
          <NavDrawer
            open
            type="inline"
            className={s.nav}
            selectedValue={selected ?? ''}
            aria-label="Roomwarden navigation"
          >
            <NavDrawerBody>
              {NAV_SECTIONS.map((section) => {
                const items = navPages.filter((p) => p.nav?.section === section.key);
                if (items.length === 0) return null;
                return (
                  <div key={section.key}>
                    {section.label ? <NavSectionHeader>{section.label}</NavSectionHeader> : null}
                    {items.map((p) => (
                      <NavItem
                        key={p.path}
                        value={p.path}
                        icon={p.nav?.icon}
                        href={p.path}
                        onClick={(e) => {
                          if (e.ctrlKey || e.metaKey || e.shiftKey) return;
                          // Prevented so the browser stays on this page; the router navigates.
                          e.preventDefault();
                          void navigate(p.path);
                        }}
                      >
                        {p.nav?.label}
                      </NavItem>
                    ))}
                  </div>
                );
              })}
            </NavDrawerBody>
          </NavDrawer>
        </aside>
        <main className={s.main}>{children}</main>
      </div>
    </div>
  );
}
