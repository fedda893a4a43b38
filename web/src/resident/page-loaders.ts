// Each resident page is its own chunk, as the staff pages are (../page-loaders.ts).
export const residentLoaders = {
  login: () => import('./pages/LoginPage.js'),
  entitlements: () => import('./pages/EntitlementsPage.js'),
  apply: () => import('./pages/ApplyPage.js'),
  applications: () => import('./pages/ApplicationsPage.js'),
  applicationDetail: () => import('./pages/ApplicationDetailPage.js'),
  inbox: () => import('./pages/InboxPage.js'),
  objections: () => import('./pages/ObjectionsPage.js'),
  settings: () => import('./pages/SettingsPage.js'),
  acting: () => import('./pages/ActingPage.js'),
  marriage: () => import('./marriage/MarriageBookingPage.js'),
  notFound: () => import('./pages/NotFoundPage.js'),
};
