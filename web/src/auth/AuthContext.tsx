import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, setUnauthorizedListener } from '../api/client.js';
import { clearToken, readToken, setLoginNotice, storeToken } from '../api/session-store.js';
import type { LoginResult, Me } from '../api/types.js';

export interface AuthState {
  /** Null until /auth/me answered, or when nobody is logged in. */
  me: Me | null;
  loggedIn: boolean;
  loading: boolean;
  error: unknown;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [token, setToken] = useState(readToken);

  const meQuery = useQuery({
    queryKey: ['auth', 'me', token],
    queryFn: ({ signal }) => api<Me>('/auth/me', { signal }),
    enabled: token !== null,
    staleTime: 5 * 60_000,
  });

  useEffect(() => {
    setUnauthorizedListener((message) => {
      setToken(null);
      queryClient.clear();
      // Requests in flight fail one after another; the first one decides the notice and where to come back to.
      if (window.location.pathname === '/login') return;
      setLoginNotice(message);
      navigate(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`, { replace: true });
    });
  }, [navigate, queryClient]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await api<LoginResult>('/auth/login', { body: { username, password }, redirectOn401: false });
      storeToken(result.token);
      queryClient.clear();
      setToken(result.token);
      const next = new URLSearchParams(location.search).get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    },
    [location.search, navigate, queryClient],
  );

  const logout = useCallback(async () => {
    // The server revokes the session; if that fails (already expired) the local token goes anyway.
    await api('/auth/logout', { method: 'POST', redirectOn401: false }).catch(() => undefined);
    clearToken();
    setToken(null);
    queryClient.clear();
    navigate('/login', { replace: true });
  }, [navigate, queryClient]);

  const me = meQuery.data ?? null;
  const value = useMemo<AuthState>(
    () => ({
      me,
      loggedIn: token !== null,
      loading: token !== null && meQuery.isPending,
      error: meQuery.error,
      login,
      logout,
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [me, token, meQuery.isPending, meQuery.error, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** For pages inside the shell, where a user is guaranteed. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe before login');
  return me;
}
