// Each page is its own chunk: the login page loads without the tables behind it.
export const loaders = {
  login: () => import('./pages/LoginPage.js'),
  home: () => import('./pages/HomePage.js'),
  personSearch: () => import('./pages/PersonSearchPage.js'),
  personDetail: () => import('./pages/PersonDetailPage.js'),
  householdDetail: () => import('./pages/HouseholdDetailPage.js'),
  policy: () => import('./pages/PolicyPage.js'),
  audit: () => import('./pages/AuditLogPage.js'),
  placeholder: () => import('./pages/PlaceholderPage.js'),
  notFound: () => import('./pages/NotFoundPage.js'),
};

/** Once logged in, fetch the other pages while the user reads the first, so a click does not wait for a chunk. */
export function prefetchPages(): void {
  for (const load of Object.values(loaders)) void load().catch(() => undefined);
}
