import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { isApiError } from '../api/client.js';
import type { ResidentMe, ResidentPersonRef } from '../api/resident-types.js';
import { PageLoading } from '../components/PageLoading.js';
import { devLogin, fetchMe, residentKeys, residentLogout } from './api.js';
import { setResidentExpiredListener } from './client.js';
import { useDisplayPreferences } from './preferences.js';

/** Whom the resident acts for (代办) in this tab: a UI choice; the server checks it on every request. */
const ACTING_KEY = 'minzheng.resident.actingFor';
const NOTICE_KEY = 'minzheng.resident.loginNotice';

export interface ResidentAuth {
  me: ResidentMe | null;
  loading: boolean;
  /** The person the pages show and apply for: the resident, or the member they act for. */
  actingForId: number | null;
  actFor(personId: number | null): void;
  login(idNumber: string, code: string): Promise<void>;
  logout(notice?: string): Promise<void>;
}

const Context = createContext<ResidentAuth | null>(null);

export function takeLoginNotice(): string | null {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

export function ResidentAuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { kiosk } = useDisplayPreferences();
  const [actingForId, setActingForId] = useState<number | null>(() => Number(sessionStorage.getItem(ACTING_KEY)) || null);

  const meQuery = useQuery({
    queryKey: residentKeys.me,
    queryFn: async ({ signal }) => {
      try {
        return await fetchMe(signal);
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });

  const forget = useCallback(() => {
    queryClient.removeQueries({ queryKey: ['resident'], predicate: (q) => q.queryKey[1] !== 'auth-config' });
    queryClient.setQueryData(residentKeys.me, null);
    sessionStorage.removeItem(ACTING_KEY);
    setActingForId(null);
  }, [queryClient]);

  const loginPath = kiosk ? '/resident/kiosk' : '/resident/login';
  useEffect(() => {
    setResidentExpiredListener((message) => {
      forget();
      if (window.location.pathname === loginPath) return;
      sessionStorage.setItem(NOTICE_KEY, message);
      navigate(`${loginPath}?next=${encodeURIComponent(window.location.pathname + window.location.search)}`, { replace: true });
    });
  }, [forget, navigate, loginPath]);

  const login = useCallback(
    async (idNumber: string, code: string) => {
      const me = await devLogin(idNumber, code);
      forget();
      queryClient.setQueryData(residentKeys.me, me);
    },
    [forget, queryClient],
  );

  const logout = useCallback(
    async (notice?: string) => {
      await residentLogout().catch(() => undefined);
      forget();
      if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
      navigate(loginPath, { replace: true });
    },
    [forget, navigate, loginPath],
  );

  const actFor = useCallback(
    (personId: number | null) => {
      const self = meQuery.data?.resident.person.personId;
      const next = personId === self ? null : personId;
      if (next) sessionStorage.setItem(ACTING_KEY, String(next));
      else sessionStorage.removeItem(ACTING_KEY);
      setActingForId(next);
    },
    [meQuery.data],
  );

  const me = meQuery.data ?? null;
  // A choice from an earlier sign-in in this tab counts only if the server still lists the person.
  const validActing = me && actingForId && me.actFor.some((p) => p.personId === actingForId && p.relation !== 'self') ? actingForId : null;
  const value = useMemo<ResidentAuth>(() => ({ me, loading: meQuery.isPending, actingForId: validActing, actFor, login, logout }), [me, meQuery.isPending, validActing, actFor, login, logout]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useResidentAuth(): ResidentAuth {
  const auth = useContext(Context);
  if (!auth) throw new Error('useResidentAuth outside ResidentAuthProvider');
  return auth;
}

export interface ResidentView {
  me: ResidentMe;
  self: ResidentPersonRef;
  /** The member acted for (代办), or null when the resident acts for themself. */
  actingFor: ResidentPersonRef | null;
  /** The person whose pages are shown: the member acted for, else the resident. */
  subject: ResidentPersonRef;
}

/** For pages inside the resident shell, where a signed-in resident is guaranteed. */
export function useResidentMe(): ResidentView {
  const { me, actingForId } = useResidentAuth();
  if (!me) throw new Error('useResidentMe before sign-in');
  const actingFor = (actingForId && me.actFor.find((p) => p.personId === actingForId)) || null;
  return { me, self: me.resident.person, actingFor, subject: actingFor ?? me.resident.person };
}

export function RequireResident({ children }: { children: ReactNode }) {
  const { me, loading } = useResidentAuth();
  const location = useLocation();
  const { kiosk } = useDisplayPreferences();
  if (loading) return <PageLoading />;
  if (!me) return <Navigate to={`${kiosk ? '/resident/kiosk' : '/resident/login'}?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
