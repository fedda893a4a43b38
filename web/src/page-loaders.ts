// Each page is its own chunk: the login page loads without the tables behind it.
export const loaders = {
  login: () => import('./pages/LoginPage.js'),
  home: () => import('./pages/HomePage.js'),
  personSearch: () => import('./pages/PersonSearchPage.js'),
  personDetail: () => import('./pages/PersonDetailPage.js'),
  householdDetail: () => import('./pages/HouseholdDetailPage.js'),
  policyLayout: () => import('./pages/policy/PolicyLayout.js'),
  policy: () => import('./pages/PolicyPage.js'),
  simulation: () => import('./pages/policy/SimulationPage.js'),
  screening: () => import('./pages/policy/ScreeningPage.js'),
  assistanceLayout: () => import('./pages/assistance/AssistanceLayout.js'),
  caseList: () => import('./pages/assistance/CaseListPage.js'),
  caseDetail: () => import('./pages/assistance/CaseDetailPage.js'),
  verification: () => import('./pages/assistance/VerificationPage.js'),
  reviews: () => import('./pages/assistance/ReviewDuePage.js'),
  residentObjections: () => import('./pages/assistance/ResidentObjectionsPage.js'),
  paymentRuns: () => import('./pages/assistance/PaymentRunsPage.js'),
  emergencyRelief: () => import('./pages/assistance/EmergencyReliefPage.js'),
  monitoringLayout: () => import('./pages/monitoring/MonitoringLayout.js'),
  monitoringDesk: () => import('./pages/monitoring/MonitoringDeskPage.js'),
  imports: () => import('./pages/monitoring/ImportPage.js'),
  eldercareLayout: () => import('./pages/eldercare/EldercareLayout.js'),
  facilities: () => import('./pages/eldercare/FacilityListPage.js'),
  facilityDetail: () => import('./pages/eldercare/FacilityDetailPage.js'),
  waitlist: () => import('./pages/eldercare/WaitlistPage.js'),
  applyForBed: () => import('./pages/eldercare/ApplyForBedPage.js'),
  applicationDetail: () => import('./pages/eldercare/ApplicationDetailPage.js'),
  assessments: () => import('./pages/eldercare/AssessmentsPage.js'),
  supervision: () => import('./pages/eldercare/SupervisionPage.js'),
  meals: () => import('./pages/eldercare/MealsPage.js'),
  rentals: () => import('./pages/eldercare/RentalsPage.js'),
  eldercareSettings: () => import('./pages/eldercare/SettingsPage.js'),
  cockpit: () => import('./pages/cockpit/CockpitPage.js'),
  jobs: () => import('./pages/JobsPage.js'),
  audit: () => import('./pages/AuditLogPage.js'),
  users: () => import('./pages/admin/UsersPage.js'),
  settings: () => import('./pages/admin/SettingsPage.js'),
  notFound: () => import('./pages/NotFoundPage.js'),
  socialorgLayout: () => import('./pages/socialorg/SocialorgLayout.js'),
  socialorgDesk: () => import('./pages/socialorg/RegistrarDeskPage.js'),
  socialorgOrganisation: () => import('./pages/socialorg/OrganisationPage.js'),
  socialorgLists: () => import('./pages/socialorg/ListsPage.js'),
  socialorgFigures: () => import('./pages/socialorg/FiguresPage.js'),
  socialorgSettings: () => import('./pages/socialorg/SettingsPage.js'),
  socialorgMine: () => import('./pages/socialorg/MyOrganisationPage.js'),
  socialorgPenalties: () => import('./pages/socialorg/PenaltiesPage.js'),
  socialorgCharity: () => import('./pages/socialorg/CharityPage.js'),
  socialorgKeys: () => import('./pages/socialorg/KeysPage.js'),
  socialorgGrading: () => import('./pages/socialorg/GradingPage.js'),
  publicSocialorg: () => import('./pages/public/PublicSocialorgPage.js'),
  publicSocialorgOrganisation: () => import('./pages/public/PublicOrganisationPage.js'),
  publicOpenData: () => import('./pages/public/PublicOpenDataPage.js'),
  communityDivisions: () => import('./pages/community/DivisionsPage.js'),
  communityServices: () => import('./pages/community/ServicesPage.js'),
  children: () => import('./pages/children/ChildrenPage.js'),
  childCase: () => import('./pages/children/ChildCasePage.js'),
  disability: () => import('./pages/children/DisabilityPage.js'),
  indicators: () => import('./pages/indicators/IndicatorsPage.js'),
  communityRoster: () => import('./pages/community/RosterPage.js'),
  marriageLayout: () => import('./pages/marriage/MarriageLayout.js'),
  marriageDay: () => import('./pages/marriage/DayPage.js'),
  marriageDivorces: () => import('./pages/marriage/DivorcesPage.js'),
  marriageCertificates: () => import('./pages/marriage/CertificatesPage.js'),
  marriageRecords: () => import('./pages/marriage/RecordsPage.js'),
  marriageFigures: () => import('./pages/marriage/FiguresPage.js'),
  funeralLayout: () => import('./pages/funeral/FuneralLayout.js'),
  deathDesk: () => import('./pages/funeral/DeathDeskPage.js'),
  deathDetail: () => import('./pages/funeral/DeathDetailPage.js'),
  funeralUnits: () => import('./pages/funeral/UnitsPage.js'),
  funeralSubsidies: () => import('./pages/funeral/SubsidiesPage.js'),
  funeralFigures: () => import('./pages/funeral/FuneralFiguresPage.js'),
  funeralSupervision: () => import('./pages/funeral/SupervisionPage.js'),
  funeralComplaints: () => import('./pages/funeral/ComplaintsPage.js'),
};

type LoaderName = keyof typeof loaders;

/** Pages that carry ECharts (a large chunk): fetched ahead only for roles that can open them. */
const NEEDS: Partial<Record<LoaderName, string>> = { cockpit: 'stats.read', simulation: 'policy.simulate', socialorgFigures: 'socialorg.read', indicators: 'stats.read' };

/** Once logged in, fetch the other pages while the user reads the first, so a click does not wait for a chunk. */
export function prefetchPages(permissions: readonly string[]): void {
  for (const [name, load] of Object.entries(loaders) as [LoaderName, () => Promise<unknown>][]) {
    const needs = NEEDS[name];
    if (needs && !permissions.includes(needs)) continue;
    void load().catch(() => undefined);
  }
}
