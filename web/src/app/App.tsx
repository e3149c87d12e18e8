// The portal: Fluent UI provider, router, session, and the pages of app/pages.tsx.
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Spinner, webLightTheme } from '@fluentui/react-components';
import { SessionProvider, useMe, useSession } from './session.tsx';
import { Shell, canSee } from './Shell.tsx';
import { PAGES, type PortalPage } from './pages.tsx';
import { SignInPage } from '../pages/signin/SignInPage.tsx';
import { Page } from '../components/Page.tsx';
import { PageBoundary } from './PageBoundary.tsx';

function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Spinner label="Loading Roomwarden…" style={{ marginTop: '20vh' }} />;
  if (state.status === 'signedOut') {
    // After a sign-out, the sign-in page keeps nothing of where the last user was.
    if (state.bySignOut) return <Navigate to="/signin" replace />;
    return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <Shell>{children}</Shell>;
}

function Guarded({ page }: { page: PortalPage }) {
  const me = useMe();
  if (!canSee(me, page)) {
    return (
      <Page title="No access">
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Your roles do not include this page.</MessageBarTitle>
            Ask an administrator for a role that grants it.
          </MessageBarBody>
        </MessageBar>
      </Page>
    );
  }
  return <PageBoundary resetKey={page.path}>{page.element}</PageBoundary>;
}

function Home() {
  const me = useMe();
  const first = PAGES.find((p) => p.nav && canSee(me, p));
  if (!first) {
    return (
      <Page title="Welcome">
        <MessageBar intent="info">
          <MessageBarBody>You are signed in, but no role gives you access to anything yet. Ask an administrator.</MessageBarBody>
        </MessageBar>
      </Page>
    );
  }
  return <Navigate to={first.path} replace />;
}

function NotFound() {
  return (
    <Page title="Page not found">
      <MessageBar intent="warning">
        <MessageBarBody>There is no page at this address.</MessageBarBody>
      </MessageBar>
    </Page>
  );
}

export function App() {
  return (
    <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
      <BrowserRouter>
        <SessionProvider>
          <Routes>
            <Route path="/signin" element={<SignInPage />} />
            <Route path="/" element={<RequireSession><Home /></RequireSession>} />
            {PAGES.map((p) => (
              <Route key={p.path} path={p.path} element={<RequireSession><Guarded page={p} /></RequireSession>} />
            ))}
            <Route path="*" element={<RequireSession><NotFound /></RequireSession>} />
          </Routes>
        </SessionProvider>
      </BrowserRouter>
    </FluentProvider>
  );
}
