import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireAuth, RequirePermission } from './auth/RequireAuth.js';
import { useAuth } from './auth/AuthContext.js';
import { PageLoading } from './components/PageLoading.js';
import { AppShell } from './layout/AppShell.js';
import { SETTINGS_PERMISSIONS } from './layout/navigation.js';
import { loaders } from './page-loaders.js';

const LoginPage = lazy(loaders.login);
const HomePage = lazy(loaders.home);
const PersonSearchPage = lazy(loaders.personSearch);
const PersonDetailPage = lazy(loaders.personDetail);
const HouseholdDetailPage = lazy(loaders.householdDetail);
const PolicyLayout = lazy(loaders.policyLayout);
const PolicyPage = lazy(loaders.policy);
const SimulationPage = lazy(loaders.simulation);
const ScreeningPage = lazy(loaders.screening);
const AssistanceLayout = lazy(loaders.assistanceLayout);
const CaseListPage = lazy(loaders.caseList);
const CaseDetailPage = lazy(loaders.caseDetail);
const VerificationPage = lazy(loaders.verification);
const ReviewDuePage = lazy(loaders.reviews);
const PaymentRunsPage = lazy(loaders.paymentRuns);
const EmergencyReliefPage = lazy(loaders.emergencyRelief);
const ResidentObjectionsPage = lazy(loaders.residentObjections);
const MonitoringLayout = lazy(loaders.monitoringLayout);
const MonitoringDeskPage = lazy(loaders.monitoringDesk);
const ImportPage = lazy(loaders.imports);
const EldercareLayout = lazy(loaders.eldercareLayout);
const FacilityListPage = lazy(loaders.facilities);
const FacilityDetailPage = lazy(loaders.facilityDetail);
const WaitlistPage = lazy(loaders.waitlist);
const ApplyForBedPage = lazy(loaders.applyForBed);
const ApplicationDetailPage = lazy(loaders.applicationDetail);
const AssessmentsPage = lazy(loaders.assessments);
const SupervisionPage = lazy(loaders.supervision);
const MealsPage = lazy(loaders.meals);
const RentalsPage = lazy(loaders.rentals);
const ServiceSubsidyPage = lazy(loaders.serviceSubsidy);
const EldercareSettingsPage = lazy(loaders.eldercareSettings);
const FuneralLayout = lazy(loaders.funeralLayout);
const DeathDeskPage = lazy(loaders.deathDesk);
const DeathDetailPage = lazy(loaders.deathDetail);
const FuneralUnitsPage = lazy(loaders.funeralUnits);
const FuneralSubsidiesPage = lazy(loaders.funeralSubsidies);
const FuneralFiguresPage = lazy(loaders.funeralFigures);
const FuneralSupervisionPage = lazy(loaders.funeralSupervision);
const FuneralComplaintsPage = lazy(loaders.funeralComplaints);
const CockpitPage = lazy(loaders.cockpit);
const JobsPage = lazy(loaders.jobs);
const AuditLogPage = lazy(loaders.audit);
const UsersPage = lazy(loaders.users);
const SettingsPage = lazy(loaders.settings);
const NotFoundPage = lazy(loaders.notFound);
const SocialorgLayout = lazy(loaders.socialorgLayout);
const SocialorgDeskPage = lazy(loaders.socialorgDesk);
const SocialorgOrganisationPage = lazy(loaders.socialorgOrganisation);
const SocialorgListsPage = lazy(loaders.socialorgLists);
const SocialorgFiguresPage = lazy(loaders.socialorgFigures);
const SocialorgSettingsPage = lazy(loaders.socialorgSettings);
const SocialorgMinePage = lazy(loaders.socialorgMine);
const SocialorgPenaltiesPage = lazy(loaders.socialorgPenalties);
const SocialorgCharityPage = lazy(loaders.socialorgCharity);
const SocialorgKeysPage = lazy(loaders.socialorgKeys);
const SocialorgGradingPage = lazy(loaders.socialorgGrading);
const PublicSocialorgPage = lazy(loaders.publicSocialorg);
const PublicSocialorgOrganisationPage = lazy(loaders.publicSocialorgOrganisation);
const PublicOpenDataPage = lazy(loaders.publicOpenData);
const CommunityDivisionsPage = lazy(loaders.communityDivisions);
const CommunityServicesPage = lazy(loaders.communityServices);
const CommunityBurdenPage = lazy(loaders.communityBurden);
const ChildrenPage = lazy(loaders.children);
const ChildCasePage = lazy(loaders.childCase);
const DisabilityPage = lazy(loaders.disability);
const IndicatorsPage = lazy(loaders.indicators);
const CommunityRosterPage = lazy(loaders.communityRoster);
const MarriageLayout = lazy(loaders.marriageLayout);
const MarriageDayPage = lazy(loaders.marriageDay);
const MarriageDivorcesPage = lazy(loaders.marriageDivorces);
const MarriageCertificatesPage = lazy(loaders.marriageCertificates);
const MarriageRecordsPage = lazy(loaders.marriageRecords);
const MarriageFiguresPage = lazy(loaders.marriageFigures);

const need = (permission: string | string[], page: ReactNode) => <RequirePermission permission={permission}>{page}</RequirePermission>;

/** An organisation's own staff have only their organisation's page: 社会组织 opens on it. */
function SocialorgHome() {
  const { can } = useAuth();
  if (!can('socialorg.read') && can('socialorg.report')) return <Navigate to="/socialorg/mine" replace />;
  return need('socialorg.read', <SocialorgDeskPage />);
}

/** The exchange operator (city admin) has imports but no worklist: 动态监测 opens on the imports. */
function MonitoringHome() {
  const { can } = useAuth();
  if (!can('monitoring.read') && can('monitoring.exchange')) return <Navigate to="/monitoring/imports" replace />;
  return need('monitoring.read', <MonitoringDeskPage />);
}

/** 政策计算 for whoever holds one of its tabs; a leader has only 测算 (one household's calculation is person-level). */
function PolicyArea() {
  const { can } = useAuth();
  if (!['policy.evaluate', 'policy.simulate', 'policy.screen'].some((p) => can(p))) return need('policy.evaluate', null);
  return <PolicyLayout />;
}

function PolicyHome() {
  const { can } = useAuth();
  if (!can('policy.evaluate')) return <Navigate to={can('policy.simulate') ? '/policy/simulate' : '/policy/screen'} replace />;
  return <PolicyPage />;
}

/** 婚姻登记 opens on the office's day; a role without records (a city admin, a reader of figures) opens on what it has. */
function MarriageHome() {
  const { can } = useAuth();
  if (!can('marriage.read')) return <Navigate to={can('marriage.import') ? '/marriage/records' : '/marriage/figures'} replace />;
  return <MarriageDayPage />;
}

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
        path="/public/socialorg"
        element={
          <Suspense fallback={<PageLoading />}>
            <PublicSocialorgPage />
          </Suspense>
        }
      />
      <Route
        path="/public/open-data"
        element={
          <Suspense fallback={<PageLoading />}>
            <PublicOpenDataPage />
          </Suspense>
        }
      />
      <Route
        path="/public/socialorg/:code"
        element={
          <Suspense fallback={<PageLoading />}>
            <PublicSocialorgOrganisationPage />
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
        <Route path="registry/persons" element={need('registry.read', <PersonSearchPage />)} />
        <Route path="registry/persons/:id" element={need('registry.read', <PersonDetailPage />)} />
        <Route path="registry/households/:id" element={need('registry.read', <HouseholdDetailPage />)} />
        <Route path="policy" element={<PolicyArea />}>
          <Route index element={<PolicyHome />} />
          <Route path="simulate" element={need('policy.simulate', <SimulationPage />)} />
          <Route path="screen" element={need('policy.screen', <ScreeningPage />)} />
        </Route>
        <Route path="assistance" element={need('assistance.read', <AssistanceLayout />)}>
          <Route index element={<CaseListPage />} />
          <Route path="cases/:id" element={<CaseDetailPage />} />
          <Route path="verifications/:id" element={<VerificationPage />} />
          <Route path="reviews" element={<ReviewDuePage />} />
          <Route path="payments" element={need('assistance.pay', <PaymentRunsPage />)} />
          <Route path="objections" element={<ResidentObjectionsPage />} />
          <Route path="emergency" element={need('assistance.handle', <EmergencyReliefPage />)} />
        </Route>
        <Route path="monitoring" element={<MonitoringLayout />}>
          <Route index element={<MonitoringHome />} />
          <Route path="imports" element={need('monitoring.exchange', <ImportPage />)} />
          <Route path="imports/:source/:batchId" element={need('monitoring.exchange', <ImportPage />)} />
        </Route>
        <Route path="eldercare" element={need('eldercare.read', <EldercareLayout />)}>
          <Route index element={<FacilityListPage />} />
          <Route path="facilities/:id" element={<FacilityDetailPage />} />
          <Route path="waitlist" element={need('eldercare.persons.read', <WaitlistPage />)} />
          <Route path="waitlist/apply" element={need('eldercare.waitlist.handle', <ApplyForBedPage />)} />
          <Route path="waitlist/:id" element={need('eldercare.persons.read', <ApplicationDetailPage />)} />
          <Route path="assessments" element={need('eldercare.persons.read', <AssessmentsPage />)} />
          <Route path="supervision" element={<SupervisionPage />} />
          <Route path="meals" element={<MealsPage />} />
          <Route path="rentals" element={<RentalsPage />} />
          <Route path="service-subsidy" element={<ServiceSubsidyPage />} />
          <Route path="settings" element={<EldercareSettingsPage />} />
        </Route>
        <Route path="socialorg" element={need(['socialorg.read', 'socialorg.report'], <SocialorgLayout />)}>
          <Route index element={<SocialorgHome />} />
          <Route path="organisations/:id" element={need('socialorg.read', <SocialorgOrganisationPage />)} />
          <Route path="lists" element={need('socialorg.read', <SocialorgListsPage />)} />
          <Route path="figures" element={need('socialorg.read', <SocialorgFiguresPage />)} />
          <Route path="settings" element={need('socialorg.read', <SocialorgSettingsPage />)} />
          <Route path="mine" element={need('socialorg.report', <SocialorgMinePage />)} />
          <Route path="penalties" element={need('socialorg.read', <SocialorgPenaltiesPage />)} />
          <Route path="charity" element={need('socialorg.read', <SocialorgCharityPage />)} />
          <Route path="keys" element={need('socialorg.configure', <SocialorgKeysPage />)} />
          <Route path="grading" element={need('socialorg.read', <SocialorgGradingPage />)} />
        </Route>
        <Route path="funeral" element={need('funeral.read', <FuneralLayout />)}>
          <Route index element={<DeathDeskPage />} />
          <Route path="deaths/:id" element={<DeathDetailPage />} />
          <Route path="subsidies" element={<FuneralSubsidiesPage />} />
          <Route path="units" element={<FuneralUnitsPage />} />
          <Route path="figures" element={<FuneralFiguresPage />} />
          <Route path="supervision" element={<FuneralSupervisionPage />} />
          <Route path="complaints" element={<FuneralComplaintsPage />} />
        </Route>
        <Route path="cockpit" element={need('stats.read', <CockpitPage />)} />
        <Route path="jobs" element={<JobsPage />} />
        <Route path="audit" element={need('audit.read', <AuditLogPage />)} />
        <Route path="admin/users" element={need('users.manage', <UsersPage />)} />
        <Route path="admin/settings" element={need(SETTINGS_PERMISSIONS, <SettingsPage />)} />
        <Route path="users" element={<Navigate to="/admin/users" replace />} />
        <Route path="children" element={need(['children.read', 'children.figures'], <ChildrenPage />)} />
        <Route path="children/cases/:id" element={need('children.read', <ChildCasePage />)} />
        <Route path="disability" element={need('disability.read', <DisabilityPage />)} />
        <Route path="indicators" element={need('stats.read', <IndicatorsPage />)} />
        <Route path="community" element={need('community.read', <CommunityRosterPage />)} />
        <Route path="community/divisions" element={need('stats.read', <CommunityDivisionsPage />)} />
        <Route path="community/services" element={need('stats.read', <CommunityServicesPage />)} />
        <Route path="community/burden" element={need('stats.read', <CommunityBurdenPage />)} />
        <Route path="marriage" element={need(['marriage.read', 'marriage.figures', 'marriage.import'], <MarriageLayout />)}>
          <Route index element={<MarriageHome />} />
          <Route path="divorces" element={need('marriage.read', <MarriageDivorcesPage />)} />
          <Route path="certificates" element={need('marriage.register', <MarriageCertificatesPage />)} />
          <Route path="records" element={need('marriage.import', <MarriageRecordsPage />)} />
          <Route path="figures" element={need('marriage.figures', <MarriageFiguresPage />)} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
