import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequireAuth, RequirePermission } from './auth/RequireAuth.js';
import { PageLoading } from './components/PageLoading.js';
import { AppShell } from './layout/AppShell.js';
import { loaders } from './page-loaders.js';

const LoginPage = lazy(loaders.login);
const HomePage = lazy(loaders.home);
const PersonSearchPage = lazy(loaders.personSearch);
const PersonDetailPage = lazy(loaders.personDetail);
const HouseholdDetailPage = lazy(loaders.householdDetail);
const PolicyPage = lazy(loaders.policy);
const AuditLogPage = lazy(loaders.audit);
const PlaceholderPage = lazy(loaders.placeholder);
const NotFoundPage = lazy(loaders.notFound);

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<PageLoading />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="registry/persons" element={<RequirePermission permission="registry.read"><PersonSearchPage /></RequirePermission>} />
        <Route path="registry/persons/:id" element={<RequirePermission permission="registry.read"><PersonDetailPage /></RequirePermission>} />
        <Route path="registry/households/:id" element={<RequirePermission permission="registry.read"><HouseholdDetailPage /></RequirePermission>} />
        <Route path="policy" element={<RequirePermission permission="policy.evaluate"><PolicyPage /></RequirePermission>} />
        <Route path="assistance" element={<PlaceholderPage section="/assistance" />} />
        <Route path="monitoring" element={<PlaceholderPage section="/monitoring" />} />
        <Route path="cockpit" element={<PlaceholderPage section="/cockpit" />} />
        <Route path="audit" element={<RequirePermission permission="audit.read"><AuditLogPage /></RequirePermission>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
