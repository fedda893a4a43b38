import { ApiError, apiUrl, type RequestOptions } from '../api/client.js';
import { DB_UNAVAILABLE, markDatabaseAvailable, markDatabaseUnavailable } from '../api/db-status.js';

/**
 * The resident pages' requests. Residents have their own session cookie and CSRF cookie and header
 * (src/residents/README.md), so this is not the staff client: a 401 leads to the resident sign-in, and the
 * staff CSRF token is never sent here.
 */
const CSRF_COOKIES = ['__Host-mz_resident_csrf', 'mz_resident_csrf'];

function residentCsrf(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (CSRF_COOKIES.includes(name)) return decodeURIComponent(value.join('='));
  }
  return null;
}

type ExpiredListener = (message: string) => void;
let onExpired: ExpiredListener = () => window.location.assign('/resident/login');

export function setResidentExpiredListener(listener: ExpiredListener): void {
  onExpired = listener;
}

export interface ResidentRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: RequestOptions['query'];
  body?: unknown;
  /** A file upload: sent as multipart/form-data (the browser sets the boundary). */
  form?: FormData;
  /** Sign-in itself answers 401 for a wrong code: that is shown on the page, not a trip to the sign-in. */
  quiet401?: boolean;
  signal?: AbortSignal;
}

export async function residentApi<T>(path: string, options: ResidentRequest = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined && !options.form ? 'GET' : 'POST');
  const headers: Record<string, string> = { Accept: 'application/json' };
  const csrf = method === 'GET' ? null : residentCsrf();
  if (csrf) headers['X-Resident-CSRF'] = csrf;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试');
  }
  if (response.status !== 503) markDatabaseAvailable();
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  const body = (payload ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const code = typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
  if (response.status === 503 && code === DB_UNAVAILABLE) markDatabaseUnavailable();
  const message = typeof body.message === 'string' ? body.message : fallbackMessage(response.status);
  if (response.status === 401 && !options.quiet401) onExpired(code === 'AUTH_SESSION_EXPIRED' ? '登录已过期，请重新登录' : '请先登录');
  throw new ApiError(response.status, code, message, body.details);
}

function fallbackMessage(status: number): string {
  if (status === 401) return '请先登录';
  if (status === 403) return '您无权办理此事项';
  if (status === 404) return '没有找到这条记录';
  if (status === 429) return '操作太频繁，请稍后再试';
  if (status >= 500) return '系统繁忙，请稍后再试';
  return '请求未能完成，请稍后再试';
}
