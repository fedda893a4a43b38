import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { PageLoading } from '../components/PageLoading.js';
import { RequireResident, useResidentAuth } from './auth.js';
import { residentLoaders as loaders } from './page-loaders.js';
import { ResidentShell } from './ResidentShell.js';

const LoginPage = lazy(loaders.login);
const EntitlementsPage = lazy(loaders.entitlements);
const ApplyPage = lazy(loaders.apply);
const ApplicationsPage = lazy(loaders.applications);
const ApplicationDetailPage = lazy(loaders.applicationDetail);
const InboxPage = lazy(loaders.inbox);
const ObjectionsPage = lazy(loaders.objections);
const SettingsPage = lazy(loaders.settings);
const ActingPage = lazy(loaders.acting);
const MarriageBookingPage = lazy(loaders.marriage);
const NotFoundPage = lazy(loaders.notFound);

/** The kiosk's start address: signed in, it opens the entitlements; otherwise the sign-in, in kiosk mode. */
function KioskStart() {
  const { me, loading } = useResidentAuth();
  if (loading) return <PageLoading />;
  return me ? <Navigate to="/resident" replace /> : <LoginPage />;
}

/** Paths are relative to /resident (App.tsx mounts this under `/resident/*`). */
export function ResidentRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="login" element={<LoginPage />} />
        <Route path="kiosk" element={<KioskStart />} />
        <Route
          element={
            <RequireResident>
              <ResidentShell />
            </RequireResident>
          }
        >
          <Route index element={<EntitlementsPage />} />
          <Route path="apply/:kind" element={<ApplyPage />} />
          <Route path="applications" element={<ApplicationsPage />} />
          <Route path="applications/:id" element={<ApplicationDetailPage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="objections" element={<ObjectionsPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="acting" element={<ActingPage />} />
          <Route path="marriage" element={<MarriageBookingPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
