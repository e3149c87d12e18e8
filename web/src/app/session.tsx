// Who is signed in: /me on start, sign-in and sign-out, and the CSRF token kept in the
// API client. Any 401 from the API clears the session and goes to the sign-in page, with
// `next=` to come back; a sign-out goes there without it (the next person starts afresh).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, request, setCsrfToken, setUnauthorizedHandler } from '../api/client.ts';
import type { LoginAnswer, Me } from '../api/types.ts';

/** `bySignOut`: the user signed out (no `next=`: the page is not kept for whoever signs in next). */
type SessionState = { status: 'loading' } | { status: 'signedOut'; bySignOut?: boolean } | { status: 'signedIn'; me: Me };

interface SessionApi {
  state: SessionState;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

async function loadMe(): Promise<Me | null> {
  try {
    const me = await request<Me>('GET', '/me', { noAuthRedirect: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const navigate = useNavigate();
  // Requests still under way when the user signs out answer 401: not a reason to keep the page.
  const signedOut = useRef(false);

  const refresh = useCallback(async () => {
    const me = await loadMe();
    setState(me ? { status: 'signedIn', me } : { status: 'signedOut' });
  }, []);

  useEffect(() => {
    refresh().catch((err: unknown) => {
      console.error('Could not load the signed-in user', err);
      setState({ status: 'signedOut' });
    });
  }, [refresh]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      if (signedOut.current) return;
      setState({ status: 'signedOut' });
      const here = `${window.location.pathname}${window.location.search}`;
      if (!window.location.pathname.startsWith('/signin')) void navigate(`/signin?next=${encodeURIComponent(here)}`);
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const answer = await request<LoginAnswer>('POST', '/auth/login', { body: { email, password }, noAuthRedirect: true });
      setCsrfToken(answer.csrfToken);
      signedOut.current = false;
      await refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    signedOut.current = true;
    try {
      await api.post('/auth/logout');
    } finally {
      setCsrfToken(null);
      void navigate('/signin', { replace: true });
      setState({ status: 'signedOut', bySignOut: true });
    }
  }, [navigate]);

  const value = useMemo(() => ({ state, signIn, signOut, refresh }), [state, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user; only for pages inside the shell. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe without a signed-in user');
  return state.me;
}
