/**
 * The session token lives only in an HttpOnly cookie the page cannot read (an injected script cannot steal
 * it); nothing about it is kept in localStorage or sessionStorage. Page script reads only the CSRF cookie,
 * which it echoes on writes (the server checks that it belongs to the session).
 */
const NOTICE_KEY = 'minzheng.loginNotice';
const CSRF_COOKIES = ['__Host-mz_csrf', 'mz_csrf'];

export function readCsrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (CSRF_COOKIES.includes(name)) return decodeURIComponent(value.join('='));
  }
  return null;
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
