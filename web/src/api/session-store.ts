/**
 * The bearer token lives in localStorage so a reload keeps the session; the server decides when it has
 * expired (401), never the browser clock.
 */
const TOKEN_KEY = 'minzheng.token';
const NOTICE_KEY = 'minzheng.loginNotice';

export function readToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

/** A message the login page shows once (e.g. "登录已过期"); survives the redirect, not a second visit. */
export function setLoginNotice(message: string): void {
  sessionStorage.setItem(NOTICE_KEY, message);
}

export function peekLoginNotice(): string | null {
  return sessionStorage.getItem(NOTICE_KEY);
}

export function clearLoginNotice(): void {
  sessionStorage.removeItem(NOTICE_KEY);
}
