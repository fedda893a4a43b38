import { DB_UNAVAILABLE, markDatabaseAvailable, markDatabaseUnavailable } from './db-status.js';
import { readCsrfToken, setLoginNotice } from './session-store.js';

/** An error answer of the API: `{code, message}` with a Chinese message, plus the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** The database is restarting or unreachable: a read may be asked again shortly, a write is left to the user. */
export const isDatabaseUnavailable = (error: unknown): boolean => isApiError(error) && error.status === 503 && error.code === DB_UNAVAILABLE;

type UnauthorizedListener = (message: string) => void;
let onUnauthorized: UnauthorizedListener = (message) => {
  setLoginNotice(message);
  window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
};

/** The auth provider routes a 401 to the login page inside the SPA instead of a full reload. */
export function setUnauthorizedListener(listener: UnauthorizedListener): void {
  onUnauthorized = listener;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Sent as is with its content type (a department's CSV or NDJSON file) instead of JSON. */
  rawBody?: { content: string; contentType: string };
  /** Login itself answers 401 for a wrong password: that must not bounce to the login page. */
  redirectOn401?: boolean;
  signal?: AbortSignal;
}

const API_BASE = '/api/v1';

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const method = options.method ?? (options.body === undefined && !options.rawBody ? 'GET' : 'POST');
  // The session rides in its cookie; writes echo the CSRF token so another site cannot make them.
  const csrf = method === 'GET' ? null : readCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.rawBody) headers['Content-Type'] = options.rawBody.contentType;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.rawBody ? options.rawBody.content : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络后重试');
  }

  if (response.status !== 503) markDatabaseAvailable();
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  if (response.status === 503 && (payload as { code?: unknown } | null)?.code === DB_UNAVAILABLE) markDatabaseUnavailable();

  const { code, message, details } = errorBody(payload, response.status);
  const error = new ApiError(response.status, code, message, details);
  // A step-up is answered where it was asked (the page asks for the code), not by signing in again.
  if (response.status === 401 && options.redirectOn401 !== false && code !== 'STEP_UP_REQUIRED') {
    onUnauthorized(code === 'AUTH_SESSION_EXPIRED' ? '登录已过期，请重新登录' : message);
  }
  throw error;
}

function errorBody(payload: unknown, status: number): { code: string; message: string; details?: unknown } {
  if (payload && typeof payload === 'object' && 'message' in payload && typeof payload.message === 'string') {
    const code = 'code' in payload && typeof payload.code === 'string' ? payload.code : `HTTP_${status}`;
    return { code, message: payload.message, details: 'details' in payload ? payload.details : undefined };
  }
  return { code: `HTTP_${status}`, message: fallbackMessage(status) };
}

function fallbackMessage(status: number): string {
  if (status === 401) return '请先登录';
  if (status === 403) return '您无权进行此操作';
  if (status === 404) return '未找到所请求的记录';
  if (status >= 500) return '服务器内部错误，请稍后重试';
  return `请求失败（HTTP ${status}）`;
}
