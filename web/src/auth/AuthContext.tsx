import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, isApiError, setUnauthorizedListener } from '../api/client.js';
import { setLoginNotice } from '../api/session-store.js';
import type { LoginResult, Me, MfaEnrolment, SessionStage, SessionState } from '../api/types.js';
import { useIdleLogout } from './idle.js';

export interface AuthState {
  /** Null until /auth/me answered, or when nobody is logged in. */
  me: Me | null;
  /** Where the sign-in stands; null when there is no session. */
  stage: SessionStage | null;
  loggedIn: boolean;
  loading: boolean;
  error: unknown;
  login(username: string, password: string): Promise<SessionStage>;
  enrolMfa(): Promise<MfaEnrolment>;
  verifyMfa(code: string): Promise<SessionStage>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  logout(notice?: string): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

const sessionKey = ['auth', 'session'] as const;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();

  // The cookie is invisible to page script: the server says whether there is a session, and at which stage.
  const sessionQuery = useQuery({
    queryKey: sessionKey,
    queryFn: async ({ signal }) => {
      try {
        return await api<SessionState>('/auth/session', { signal, redirectOn401: false });
      } catch (error) {
        if (isApiError(error) && error.status === 401) {
          // The cookie named a session that has ended (idle, expired, revoked elsewhere): say so at the login page.
          if (error.code === 'AUTH_SESSION_EXPIRED') setLoginNotice('登录已过期，请重新登录');
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
  });
  const session = sessionQuery.data ?? null;
  const stage = session?.stage ?? null;

  const meQuery = useQuery({
    queryKey: ['auth', 'me', session?.username],
    queryFn: ({ signal }) => api<Me>('/auth/me', { signal }),
    enabled: stage === 'active',
    staleTime: 5 * 60_000,
  });

  // Every cached answer belonged to the session; the session query itself stays (its observers with it)
  // and is set to "none".
  const dropData = useCallback(() => queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' || q.queryKey[1] !== 'session' }), [queryClient]);
  const forget = useCallback(() => {
    dropData();
    queryClient.setQueryData(sessionKey, null);
  }, [dropData, queryClient]);

  useEffect(() => {
    setUnauthorizedListener((message) => {
      forget();
      // Requests in flight fail one after another; the first one decides the notice and where to come back to.
      if (window.location.pathname === '/login') return;
      setLoginNotice(message);
      navigate(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`, { replace: true });
    });
  }, [navigate, forget]);

  const refreshSession = useCallback(async () => {
    queryClient.removeQueries({ queryKey: ['auth', 'me'] });
    await queryClient.invalidateQueries({ queryKey: sessionKey });
  }, [queryClient]);

  const finish = useCallback(
    async (next: SessionStage) => {
      await refreshSession();
      if (next !== 'active') return;
      const target = new URLSearchParams(location.search).get('next');
      navigate(target?.startsWith('/') && !target.startsWith('//') ? target : '/', { replace: true });
    },
    [location.search, navigate, refreshSession],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await api<LoginResult>('/auth/login', { body: { username, password, session: 'cookie' }, redirectOn401: false });
      dropData();
      await finish(result.stage);
      return result.stage;
    },
    [finish, dropData],
  );

  const enrolMfa = useCallback(() => api<MfaEnrolment>('/auth/mfa/enrol', { method: 'POST', redirectOn401: false }), []);

  const verifyMfa = useCallback(
    async (code: string) => {
      const result = await api<{ stage: SessionStage }>('/auth/mfa/verify', { body: { code }, redirectOn401: false });
      await finish(result.stage);
      return result.stage;
    },
    [finish],
  );

  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      await api('/users/me/password', { method: 'PUT', body: { currentPassword, newPassword }, redirectOn401: false });
      if (stage !== 'active') await finish('active');
    },
    [finish, stage],
  );

  const logout = useCallback(
    async (notice?: string) => {
      // The server revokes the session, expires the cookie and clears the browser's cache and storage.
      await api('/auth/logout', { method: 'POST', redirectOn401: false }).catch(() => undefined);
      forget();
      if (notice) setLoginNotice(notice);
      navigate('/login', { replace: true });
    },
    [navigate, forget],
  );

  useIdleLogout(stage === 'active' ? (session?.idleSeconds ?? null) : null, () => void logout('长时间未操作，已自动退出登录，请重新登录'));

  const me = stage === 'active' ? (meQuery.data ?? null) : null;
  const value = useMemo<AuthState>(
    () => ({
      me,
      stage,
      loggedIn: stage === 'active',
      loading: sessionQuery.isPending || (stage === 'active' && meQuery.isPending),
      error: meQuery.error ?? sessionQuery.error,
      login,
      enrolMfa,
      verifyMfa,
      changePassword,
      logout,
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [me, stage, sessionQuery.isPending, sessionQuery.error, meQuery.isPending, meQuery.error, login, enrolMfa, verifyMfa, changePassword, logout],
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
