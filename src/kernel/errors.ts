/**
 * The one domain error type. Services throw it; the HTTP layer maps `status` to the response.
 * `code` is stable (tests assert on it); `message` is Chinese, for the person at the screen.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'locked' | 'unprocessable';

const statusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  unprocessable: 422,
};

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = statusByKind[kind];
  }
}

export const invalid = (code: string, message: string, details?: unknown) => new DomainError('invalid', code, message, details);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
/** The one answer for a record that does not exist or lies outside the caller's jurisdiction: the two read the same. */
export const recordNotFound = () => notFound('NOT_FOUND', '记录不存在或不在您的辖区范围内');
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
/** Well-formed but refused by a rule (422): `details` lists what failed. */
export const unprocessable = (code: string, message: string, details?: unknown) => new DomainError('unprocessable', code, message, details);
