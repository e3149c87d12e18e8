// Who is signed in: /me on start, sign-in and sign-out, and the CSRF token kept in the
// API client. Any 401 from the API clears the session and goes to the sign-in page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, request, setCsrfToken, setUnauthorizedHandler } from '../api/client.ts';
import type { LoginAnswer, Me } from '../api/types.ts';

type SessionState = { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; me: Me };

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
      await refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setCsrfToken(null);
      setState({ status: 'signedOut' });
      void navigate('/signin');
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
