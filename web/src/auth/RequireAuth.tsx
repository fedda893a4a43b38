import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useLabels } from '../api/labels.js';
import { ApiErrorNotice } from '../components/ApiErrorNotice.js';
import { PageLoading } from '../components/PageLoading.js';
import { useAuth } from './AuthContext.js';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { loggedIn, loading, me, error } = useAuth();
  const location = useLocation();
  // Pages read the label tables while rendering, so none renders before they are in.
  const labels = useLabels(loggedIn);
  if (loading) return <PageLoading tip="正在加载用户信息…" />;
  // No session, or one still owing its second factor or a password change: the login page finishes it.
  if (!loggedIn) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (labels.isPending) return <PageLoading tip="正在加载用户信息…" />;
  if (!me) return <ApiErrorNotice error={error} />;
  if (labels.isError) return <ApiErrorNotice error={labels.error} />;
  return <>{children}</>;
}

/** Hides a page from roles without the permission, with the same clear 403 notice the API would give. */
/** One permission, or several of which any one opens the page (参数设置 serves four configuring permissions). */
export function RequirePermission({ permission, children }: { permission: string | string[]; children: ReactNode }) {
  const { can } = useAuth();
  if (![permission].flat().some((p) => can(p))) return <ApiErrorNotice error={{ status: 403, message: '您的角色无权访问此页面' }} />;
  return <>{children}</>;
}
