/** The least-privileged role the application's pool connects as (created by access/migrations/004_app_role.sql). */
export const APP_ROLE = 'minzheng_app';

/**
 * The URL the running application connects with: DATABASE_APP_URL when given (production: the role's own
 * password), else the owner's URL with the user swapped for the app role and the password dropped, which
 * suits local trust or peer authentication.
 */
export function appDatabaseUrl(ownerUrl: string, explicit?: string): string {
  if (explicit) return explicit;
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = '';
  return url.toString();
}
