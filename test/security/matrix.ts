/**
 * The authorisation matrix: every route of the OpenAPI document, what guards it and how to call it. The suite
 * (matrix.test.ts) fails for a route that has no entry here, so a new route is refused until someone says who
 * may call it (SECURITY-TESTS.md §2, deny by default).
 *
 * Objects: `person`, `household`, `organisation`, `fact` and `facility` have a real record in the caller's
 * jurisdiction (own) and one outside it (foreign). `unknown` is an id that does not exist: it checks that a role
 * without the permission is refused (403) before anything is looked up, and that the others get 404.
 */
import type { Permission } from '../../src/access/index.js';
import { makeCreditCode } from '../../src/kernel/index.js';
import { newPerson } from '../../src/registry/testing.js';
import { PEOPLE_MATRIX } from './matrix-people.js';
import { DEMO_MATRIX } from './matrix-demo.js';
import { LEDGERS_DEVIATIONS, LEDGERS_MATRIX } from './matrix-ledgers.js';
import { LEADS_MATRIX } from './matrix-leads.js';
import { RESIDENTS_MATRIX } from './matrix-residents.js';
import { OPS_MATRIX } from './matrix-ops.js';
import { SOCORG_MATRIX } from './matrix-socorg.js';
import { CHILDREN_MATRIX } from './matrix-children.js';
import { COMMUNITY_MATRIX } from './matrix-community.js';
import { MARRIAGE_MATRIX } from './matrix-marriage.js';
import { ADOPTION_MATRIX } from './matrix-adoption.js';
import { MARRIAGE_RESIDENT_MATRIX } from './matrix-marriage-resident.js';
import { FUNERAL_MATRIX } from './matrix-funeral.js';
import { ASSISTANCE_MATRIX } from './matrix-assistance.js';

export type ObjectKind = 'person' | 'household' | 'organisation' | 'fact' | 'facility' | 'unknown';

/** Ids of the records one request works on: the caller's own, or the foreign one in the foreign run. */
export interface Objects {
  person: number;
  household: number;
  organisation: number;
  fact: number;
  facility: number;
  /** A person with no household yet (to add as a member). */
  loosePerson: number;
  /** Division codes: the caller's street and committee. */
  street: string;
  committee: string;
}

export interface RouteRule {
  /**
   * A permission (or any of several), or 'signed-in' for every role, or 'public' for no login at all, or
   * 'resident' for the residents' end: a resident session only, so every staff role gets 401; 'api-key' for other
   * departments' systems (`/dept/…`): a department key only, so every session gets 401 too.
   */
  guard: Permission | Permission[] | 'signed-in' | 'public' | 'resident' | 'api-key';
  /** Path parameters by name: an object kind, or a literal value. */
  params?: Record<string, ObjectKind | { literal: string }>;
  query?: (o: Objects) => string;
  body?: (o: Objects) => unknown;
  /** Content type other than JSON (the body is then sent as a string). */
  contentType?: string;
  /** Table counted before and after a refused write: the refusal must leave it unchanged. */
  table?: string;
  /**
   * What a permitted caller gets with its own objects. Default: any 2xx. `past-guard` (with the reason in
   * `why`) where a valid request needs a state this suite does not build (a case awaiting approval, a bed
   * offer): the answer must then be a business answer — not 401, 403, 404 or 5xx — which still shows the guard let the caller through.
   */
  own?: 'past-guard' | number[];
  why?: string;
  /** Builds fresh own and foreign objects for each call (for writes that change them, e.g. a death). */
  fresh?: boolean;
  /** Called with a session of its own (logout ends the session it is called with). */
  ownSession?: boolean;
}

const D = '2025-03-01';
const u = { literal: '999999999' } as const;

export const MATRIX: Record<string, RouteRule> = {
  // access
  'POST /api/v1/auth/login': { guard: 'public', body: () => ({ username: 'nobody', password: 'wrong-password' }), own: [401] },
  // Logout clears the browser's cookie and storage even without a live session (an expired one must still be able to leave).
  'POST /api/v1/auth/logout': { guard: 'public', own: [204], ownSession: true },
  'GET /api/v1/auth/me': { guard: 'signed-in' },
  'GET /api/v1/users': { guard: 'users.manage' },
  'POST /api/v1/users': { guard: 'users.manage', table: 'access.users', body: (o) => ({ username: `m${Math.floor(Math.random() * 1e9)}`, displayName: '矩阵', role: 'leader', jurisdiction: o.street }), own: [201] },
  'POST /api/v1/users/{id}/unlock': { guard: 'users.manage', params: { id: 'unknown' } },
  'PUT /api/v1/users/{id}/role': { guard: 'users.manage', params: { id: 'unknown' }, body: (o) => ({ role: 'leader', jurisdiction: o.street }) },
  'POST /api/v1/users/{id}/disable': { guard: 'users.manage', params: { id: 'unknown' } },
  'POST /api/v1/users/{id}/enable': { guard: 'users.manage', params: { id: 'unknown' } },
  'DELETE /api/v1/users/{id}/sessions': { guard: 'users.manage', params: { id: 'unknown' } },
  'POST /api/v1/users/{id}/reset-password': { guard: 'users.manage', params: { id: 'unknown' } },
  'GET /api/v1/grants': { guard: 'users.manage' },
  'POST /api/v1/grants/{id}/approve': { guard: 'users.manage', params: { id: 'unknown' } },
  'POST /api/v1/grants/{id}/reject': { guard: 'users.manage', params: { id: 'unknown' } },
  // The second factor and the forced password change belong to a sign-in still in progress: a full session is refused.
  'GET /api/v1/auth/session': { guard: 'signed-in' },
  'POST /api/v1/auth/mfa/enrol': { guard: 'signed-in', own: [403], why: 'a full session has no second factor left to enrol' },
  'POST /api/v1/auth/mfa/verify': { guard: 'signed-in', body: () => ({ code: '123456' }), own: [403], why: 'a full session has no second factor left to enter' },
  'POST /api/v1/auth/step-up': { guard: 'signed-in', body: () => ({ password: 'Matrix-pass-2025!' }), own: [204] },
  'PUT /api/v1/users/me/password': { guard: 'signed-in', body: () => ({ currentPassword: 'wrong-current-pass', newPassword: 'Another-matrix-2025!' }), own: 'past-guard', why: 'the current password is wrong, so nothing changes' },
  'GET /api/v1/audit': { guard: 'audit.read' },
  'GET /api/v1/audit/verify': { guard: 'audit.read' },
  'POST /api/v1/audit/anchor': { guard: 'audit.read', own: [201] },
  'GET /api/v1/audit/alerts': { guard: 'audit.read' },
  'GET /api/v1/roles': { guard: 'public' },
  'GET /api/v1/labels': { guard: 'signed-in' },

  // jobs: each user's own long jobs (another user's job is as unknown as a missing one)
  'GET /api/v1/jobs': { guard: 'signed-in' },
  'DELETE /api/v1/jobs/{id}': { guard: 'signed-in', params: { id: u }, own: [404], why: 'no job of this caller has that id' },

  // registry: persons
  'GET /api/v1/persons': { guard: 'registry.read' },
  'POST /api/v1/persons': { guard: 'registry.write', table: 'registry.persons', body: (o) => newPerson({ residenceDivision: o.committee }), own: [201] },
  'POST /api/v1/persons/search': { guard: 'registry.read', body: () => ({ q: '张' }) },
  'GET /api/v1/persons/{id}': { guard: 'registry.read', params: { id: 'person' } },
  'POST /api/v1/persons/{id}/death': { guard: 'registry.write', params: { id: 'person' }, fresh: true, table: 'core.outbox', body: () => ({ deathDate: D }) },
  'POST /api/v1/persons/{id}/disability': { guard: 'registry.write', params: { id: 'person' }, fresh: true, table: 'core.outbox', body: () => ({ disability: { grade: 2, category: '肢体' } }) },
  'POST /api/v1/persons/{id}/labor-capacity': { guard: 'registry.write', params: { id: 'person' }, fresh: true, body: () => ({ laborCapacity: 'partial' }) },
  'POST /api/v1/persons/{id}/moves': { guard: 'registry.write', params: { id: 'person' }, fresh: true, table: 'core.outbox', body: () => ({ residenceDivision: '310115004002', movedOn: D }) },
  'GET /api/v1/divisions/{code}': { guard: 'signed-in', params: { code: { literal: '310115004' } } },

  // registry: households, facts, organisations
  'POST /api/v1/households': { guard: 'registry.write', table: 'registry.households', body: (o) => ({ divisionCode: o.committee }), own: [201] },
  'GET /api/v1/households/{id}': { guard: 'registry.read', params: { id: 'household' } },
  'GET /api/v1/households/{id}/memberships': { guard: 'registry.read', params: { id: 'household' } },
  'POST /api/v1/households/{id}/members': { guard: 'registry.write', params: { id: 'household' }, fresh: true, table: 'registry.household_members', body: (o) => ({ personId: o.loosePerson, relation: 'child', since: D }), own: [201] },
  'POST /api/v1/households/{id}/members/{personId}/end': { guard: 'registry.write', params: { id: 'household', personId: 'person' }, fresh: true, body: () => ({ until: D }) },
  'GET /api/v1/households/{id}/policy-input': { guard: 'registry.read', params: { id: 'household' }, query: () => 'month=2025-03' },
  'POST /api/v1/facts/batches': {
    guard: 'registry.write',
    table: 'registry.facts',
    body: (o) => ({ batchId: `m-${Math.random()}`, source: 'matrix', facts: [{ subjectType: 'person', subjectId: o.person, kind: 'income.wage', amountFen: 100_000, validFrom: D }] }),
    own: [200, 201],
  },
  'POST /api/v1/facts/{id}/corrections': { guard: 'registry.write', params: { id: 'fact' }, fresh: true, table: 'registry.facts', body: () => ({ amountFen: 120_000, reason: '矩阵更正' }), own: [201] },
  'GET /api/v1/persons/{id}/facts': { guard: 'registry.read', params: { id: 'person' } },
  'GET /api/v1/households/{id}/facts': { guard: 'registry.read', params: { id: 'household' } },
  'POST /api/v1/organisations': {
    guard: 'registry.write',
    table: 'registry.organisations',
    body: (o) => ({ creditCode: makeCreditCode(`5231011500${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`), name: '矩阵社服', kind: '民办非企业单位', divisionCode: o.street }),
    own: [201],
  },
  'GET /api/v1/organisations': { guard: 'registry.read' },
  'GET /api/v1/organisations/{id}': { guard: 'registry.read', params: { id: 'organisation' } },

  // policy
  'POST /api/v1/policy/evaluate': { guard: 'policy.evaluate', own: 'past-guard', why: 'schema sample is not a household the engine accepts' },
  'GET /api/v1/policy/parameters': { guard: 'policy.evaluate' },
  'POST /api/v1/policy/parameters/{name}/values': {
    guard: 'policy.params.write',
    params: { name: { literal: 'no_such_parameter' } },
    table: 'policy.parameter_values',
    own: [404],
    why: 'unknown parameter name, looked up after the permission check',
  },
  'POST /api/v1/policy/screen': { guard: 'policy.screen', own: 'past-guard', why: 'no policy pack month in the matrix database' },
  'GET /api/v1/policy/screen/{id}': { guard: 'policy.screen', params: { id: 'unknown' } },
  'GET /api/v1/policy/screen/{id}/results': { guard: 'policy.screen', params: { id: 'unknown' } },
  'POST /api/v1/policy/simulate': { guard: 'policy.simulate', own: 'past-guard', why: 'no screening baseline in the matrix database' },

  // assistance
  'POST /api/v1/assistance/cases': { guard: 'assistance.handle', table: 'assistance.cases', own: 'past-guard', why: 'schema sample is not a valid application' },
  'GET /api/v1/assistance/cases': { guard: 'assistance.read' },
  'GET /api/v1/assistance/cases/{id}': { guard: 'assistance.read', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/accept': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/decline': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/withdraw': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/visit': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/public-notice': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/objections': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/objections/{seq}/resolve': { guard: 'assistance.handle', params: { id: 'unknown', seq: { literal: '1' } } },
  'POST /api/v1/assistance/cases/{id}/approve': { guard: 'assistance.decide', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/reject': { guard: 'assistance.decide', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/suspend': { guard: 'assistance.decide', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/resume': { guard: 'assistance.decide', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/review': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/stop': { guard: 'assistance.decide', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/verify': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'POST /api/v1/assistance/cases/{id}/fact-corrections': { guard: 'assistance.handle', params: { id: 'unknown' } },
  'GET /api/v1/assistance/cases/{id}/payments': { guard: 'assistance.read', params: { id: 'unknown' } },
  'GET /api/v1/assistance/cases/{id}/decision-notice': { guard: 'assistance.read', params: { id: 'unknown' } },
  'GET /api/v1/assistance/verifications/{id}': { guard: 'assistance.read', params: { id: 'unknown' } },
  'GET /api/v1/assistance/verifications/{id}/reproduce': { guard: 'assistance.read', params: { id: 'unknown' } },
  'GET /api/v1/assistance/stats': { guard: 'stats.read' },
  'POST /api/v1/assistance/payment-runs': { guard: 'assistance.pay', table: 'assistance.payment_runs', own: 'past-guard', why: 'schema sample month' },
  'GET /api/v1/assistance/payment-runs': { guard: 'assistance.pay' },
  'GET /api/v1/assistance/payment-runs/{id}/export': { guard: 'assistance.pay', params: { id: 'unknown' } },
  'GET /api/v1/assistance/reviews/due': { guard: 'assistance.read' },
  'POST /api/v1/assistance/samples': { guard: 'assistance.integrity', own: 'past-guard', why: 'schema sample district' },
  'GET /api/v1/assistance/samples/{id}': { guard: 'assistance.integrity', params: { id: 'unknown' } },
  // Filing for oneself (no staffUserId in the sample) takes assistance.handle; for another, assistance.integrity.
  'POST /api/v1/assistance/staff-relatives': { guard: 'assistance.handle', own: 'past-guard', why: 'schema sample person' },
  'GET /api/v1/assistance/staff-relatives': { guard: 'assistance.integrity' },
  'GET /api/v1/assistance/settings': { guard: ['assistance.configure', 'assistance.read'] },
  'PUT /api/v1/assistance/settings/{key}': { guard: 'assistance.configure', params: { key: { literal: 'no.such.key' } }, own: 'past-guard', why: 'unknown setting key' },

  // monitoring
  'POST /api/v1/monitoring/exchange/{source}/batches/{batchId}': {
    guard: 'monitoring.exchange',
    params: { source: { literal: 'water' }, batchId: { literal: 'matrix-1' } },
    contentType: 'application/x-ndjson',
    body: () => '',
    own: 'past-guard',
    why: 'empty batch',
  },
  'GET /api/v1/monitoring/exchange/{source}/batches/{batchId}': { guard: 'monitoring.exchange', params: { source: { literal: 'water' }, batchId: { literal: 'no-such-batch' } }, own: [404], why: 'no such batch' },
  'GET /api/v1/monitoring/rules': { guard: ['monitoring.configure', 'monitoring.read'] },
  'PUT /api/v1/monitoring/rules/{name}': { guard: 'monitoring.configure', params: { name: { literal: 'medical.selfPaid12MonthsFen' } }, own: 'past-guard', why: 'schema sample value' },
  'POST /api/v1/monitoring/persons/sync': { guard: 'monitoring.exchange', body: () => ({ divisionCode: '310115' }) },
  'POST /api/v1/monitoring/jobs/escalate': { guard: 'monitoring.discover', own: 'past-guard', why: 'job' },
  'POST /api/v1/monitoring/discovery/runs': { guard: 'monitoring.discover', own: 'past-guard', why: 'schema sample month' },
  'GET /api/v1/monitoring/dashboard': { guard: ['monitoring.read', 'stats.read'] },
  'GET /api/v1/monitoring/warnings': { guard: 'monitoring.read' },
  'GET /api/v1/monitoring/warnings/{id}': { guard: 'monitoring.read', params: { id: 'unknown' } },
  'POST /api/v1/monitoring/warnings/{id}/assign': { guard: 'monitoring.handle', params: { id: 'unknown' } },
  'POST /api/v1/monitoring/warnings/{id}/visit': { guard: 'monitoring.handle', params: { id: 'unknown' } },
  'POST /api/v1/monitoring/warnings/{id}/handle': { guard: 'monitoring.handle', params: { id: 'unknown' } },
  'POST /api/v1/monitoring/warnings/{id}/close': { guard: 'monitoring.handle', params: { id: 'unknown' } },
  'GET /api/v1/monitoring/leads': { guard: 'monitoring.read' },
  'GET /api/v1/monitoring/leads/{id}': { guard: 'monitoring.read', params: { id: 'unknown' } },
  'POST /api/v1/monitoring/leads/{id}/contact': { guard: 'monitoring.handle', params: { id: 'unknown' } },
  'POST /api/v1/monitoring/leads/{id}/outcome': { guard: 'monitoring.handle', params: { id: 'unknown' } },
  'POST /api/v1/monitoring/grants/runs': { guard: 'monitoring.grants', own: 'past-guard', why: 'schema sample month' },
  'GET /api/v1/monitoring/grants': { guard: 'monitoring.read' },
  'GET /api/v1/monitoring/grants/payments/{month}': { guard: 'monitoring.grants', params: { month: { literal: '2025-03' } }, query: () => 'divisionCode=310115' },

  // eldercare
  'GET /api/v1/eldercare/settings': { guard: 'eldercare.read' },
  'PUT /api/v1/eldercare/settings/{name}': { guard: 'eldercare.configure', params: { name: { literal: 'assessment.validityMonths' } }, body: () => ({ from: D, value: 24, verified: false, source: '矩阵' }) },
  'GET /api/v1/eldercare/facilities': { guard: 'eldercare.read' },
  'POST /api/v1/eldercare/facilities': {
    guard: 'eldercare.facilities.manage',
    table: 'eldercare.facilities',
    body: (o) => ({ kind: 'meal_point', name: '矩阵助餐点', ownership: 'public', divisionCode: o.street, mealPriceFen: 1500 }),
    own: [200],
  },
  'GET /api/v1/eldercare/facilities/{id}': { guard: 'eldercare.read', params: { id: 'facility' } },
  'POST /api/v1/eldercare/facilities/{id}/beds': { guard: 'eldercare.facilities.manage', params: { id: 'facility' }, own: 'past-guard', why: 'a meal point has no beds' },
  'PUT /api/v1/eldercare/facilities/{id}/prices': { guard: 'eldercare.facilities.manage', params: { id: 'facility' }, own: 'past-guard', why: 'schema sample prices' },
  'GET /api/v1/eldercare/facilities/{id}/residents': { guard: ['eldercare.persons.read', 'eldercare.operate'], params: { id: 'facility' } },
  'POST /api/v1/eldercare/stays': { guard: ['eldercare.stays.record', 'eldercare.operate'], table: 'eldercare.stays', own: [404], why: 'the sample bed 1 does not exist' },
  'POST /api/v1/eldercare/stays/{id}/discharge': { guard: ['eldercare.stays.record', 'eldercare.operate'], params: { id: 'unknown' } },
  'POST /api/v1/eldercare/assessments': { guard: 'eldercare.assess', own: 'past-guard', why: 'schema sample' },
  'GET /api/v1/eldercare/persons/{id}/assessments': { guard: 'eldercare.persons.read', params: { id: 'person' } },
  'GET /api/v1/eldercare/assessments/expiring': { guard: 'eldercare.persons.read' },
  'GET /api/v1/eldercare/figures': { guard: 'eldercare.read' },
  'POST /api/v1/eldercare/allocation/runs': { guard: 'eldercare.waitlist.allocate', own: 'past-guard', why: 'job' },
  'POST /api/v1/eldercare/waitlist/applications': { guard: 'eldercare.waitlist.handle', own: 'past-guard', why: 'no assessment' },
  'GET /api/v1/eldercare/waitlist/applications': { guard: 'eldercare.persons.read' },
  'GET /api/v1/eldercare/waitlist/applications/{id}': { guard: 'eldercare.persons.read', params: { id: 'unknown' } },
  'POST /api/v1/eldercare/waitlist/applications/{id}/withdraw': { guard: 'eldercare.waitlist.handle', params: { id: 'unknown' } },
  'POST /api/v1/eldercare/waitlist/offers/{id}/accept': { guard: 'eldercare.waitlist.handle', params: { id: 'unknown' } },
  'POST /api/v1/eldercare/waitlist/offers/{id}/decline': { guard: 'eldercare.waitlist.handle', params: { id: 'unknown' } },
  'POST /api/v1/eldercare/waitlist/rerank': { guard: 'eldercare.waitlist.allocate', own: 'past-guard', why: 'job' },
  'POST /api/v1/eldercare/supervision/inspections': { guard: 'eldercare.supervise', own: 'past-guard', why: 'schema sample' },
  'GET /api/v1/eldercare/supervision/inspections': { guard: 'eldercare.read' },
  'GET /api/v1/eldercare/supervision/inspections/{id}': { guard: 'eldercare.read', params: { id: 'unknown' } },
  'GET /api/v1/eldercare/supervision/findings': { guard: 'eldercare.read' },
  'GET /api/v1/eldercare/supervision/findings/{id}': { guard: 'eldercare.read', params: { id: 'unknown' } },
  'POST /api/v1/eldercare/supervision/findings/{id}/rectify': { guard: ['eldercare.supervise', 'eldercare.operate'], params: { id: 'unknown' } },
  'POST /api/v1/eldercare/supervision/findings/{id}/verify': { guard: 'eldercare.supervise', params: { id: 'unknown' } },
  'POST /api/v1/eldercare/supervision/findings/{id}/reopen': { guard: 'eldercare.supervise', params: { id: 'unknown' } },
  'POST /api/v1/eldercare/supervision/findings/{id}/extend': { guard: 'eldercare.supervise', params: { id: 'unknown' } },
  'POST /api/v1/eldercare/supervision/jobs/escalate-overdue': { guard: 'eldercare.supervise', own: 'past-guard', why: 'job' },
  'PUT /api/v1/eldercare/supervision/facilities/{id}/gradings/{year}': {
    guard: 'eldercare.supervise',
    params: { id: 'facility', year: { literal: '2024' } },
    body: () => ({ grade: 3, source: '矩阵' }),
    own: 'past-guard',
    why: 'gradings are for institutions, the fixture is a meal point',
  },
  'GET /api/v1/eldercare/supervision/facilities/{id}/gradings': { guard: 'eldercare.read', params: { id: 'facility' } },
  'GET /api/v1/eldercare/supervision/gradings': { guard: 'eldercare.read' },
  'GET /api/v1/eldercare/supervision/facilities/{id}/credit': { guard: 'eldercare.read', params: { id: 'facility' }, own: 'past-guard', why: 'credit is for institutions' },
  'GET /api/v1/eldercare/supervision/credit': { guard: 'eldercare.read' },
  'PUT /api/v1/eldercare/supervision/facilities/{id}/prepaid/{month}': {
    guard: ['eldercare.supervise', 'eldercare.operate'],
    params: { id: 'facility', month: { literal: '2025-02' } },
    body: () => ({ collectedFen: 0, refundedFen: 0, balanceFen: 0, escrowFen: 0 }),
    own: 'past-guard',
    why: 'prepaid is for institutions',
  },
  'GET /api/v1/eldercare/supervision/facilities/{id}/prepaid': { guard: 'eldercare.read', params: { id: 'facility' }, own: 'past-guard', why: 'prepaid is for institutions' },
  'GET /api/v1/eldercare/supervision/prepaid/risks': { guard: 'eldercare.read' },
  'POST /api/v1/eldercare/meals': {
    guard: ['eldercare.meals.record', 'eldercare.operate'],
    table: 'eldercare.meals',
    body: (o) => ({ mealPointId: o.facility, personId: o.person, servedOn: D, meal: 'lunch' }),
    own: 'past-guard',
    why: 'the fixture person is too young for meal subsidies',
  },
  'GET /api/v1/eldercare/meals': { guard: 'eldercare.persons.read' },
  'GET /api/v1/eldercare/meals/subsidy': { guard: 'eldercare.persons.read', query: (o) => `personId=${o.person}&month=2025-03` },
  'GET /api/v1/eldercare/meals/settlement': { guard: 'eldercare.read', query: () => 'month=2025-03' },
  'GET /api/v1/eldercare/meals/daily': { guard: ['eldercare.read', 'eldercare.operate'] },
  'POST /api/v1/eldercare/rentals': {
    guard: ['eldercare.rentals.record', 'eldercare.operate'],
    table: 'eldercare.device_rentals',
    body: (o) => ({ pointId: o.facility, personId: o.person, deviceCode: 'walker', startedOn: D }),
    own: 'past-guard',
    why: 'the fixture facility is not a rental point',
  },
  'POST /api/v1/eldercare/rentals/{id}/return': { guard: ['eldercare.rentals.record', 'eldercare.operate'], params: { id: 'unknown' }, body: () => ({ returnedOn: D }) },
  'GET /api/v1/eldercare/rentals': { guard: 'eldercare.persons.read' },
  'GET /api/v1/eldercare/rentals/catalogue': { guard: 'eldercare.read' },
  'GET /api/v1/eldercare/rentals/coverage': { guard: 'eldercare.read' },
  'GET /api/v1/eldercare/service-subsidy': { guard: 'eldercare.persons.read', query: (o) => `personId=${o.person}` },
  ...PEOPLE_MATRIX,
  ...DEMO_MATRIX,
  ...LEDGERS_MATRIX,
  ...LEADS_MATRIX,
  ...RESIDENTS_MATRIX,
  ...MARRIAGE_RESIDENT_MATRIX,
  ...OPS_MATRIX,
  ...SOCORG_MATRIX,
  ...CHILDREN_MATRIX,
  ...COMMUNITY_MATRIX,
  ...MARRIAGE_MATRIX,
  ...ADOPTION_MATRIX,
  ...FUNERAL_MATRIX,
  ...ASSISTANCE_MATRIX,
};

/**
 * Known deviations from the matrix's rule, each a finding for the module that owns the route: the suite accepts
 * exactly this status for this case and fails when it changes (fixed: delete the line). Key:
 * `<route> | refused` (every role without the permission), `| own`, `| foreign`, optionally `| <role>`.
 */
export const KNOWN_DEVIATIONS: Record<string, { status: number; why: string }> = {
  'GET /api/v1/policy/screen/{id}/results | refused': { status: 404, why: 'looks the screening run up before checking the permission' },
  'POST /api/v1/policy/simulate | refused': { status: 400, why: 'validates the overrides before checking the permission' },
  'POST /api/v1/assistance/cases | refused': { status: 400, why: 'validates the application (bank account) before checking the permission' },
  'POST /api/v1/eldercare/stays | refused': { status: 404, why: 'looks the bed up before checking the permission' },
  'POST /api/v1/eldercare/stays | own | institution_staff': { status: 403, why: 'a bed of another operator answers 403, not 404' },
  'POST /api/v1/eldercare/stays/{id}/discharge | refused': { status: 404, why: 'looks the stay up before checking the permission' },
  'GET /api/v1/eldercare/waitlist/applications/{id} | refused': { status: 404, why: 'looks the application up before checking the permission' },
  'POST /api/v1/eldercare/waitlist/applications/{id}/withdraw | refused': { status: 404, why: 'looks the application up before checking the permission' },
  'POST /api/v1/eldercare/waitlist/offers/{id}/accept | refused': { status: 404, why: 'looks the offer up before checking the permission' },
  'POST /api/v1/eldercare/waitlist/offers/{id}/decline | refused': { status: 404, why: 'looks the offer up before checking the permission' },
  'GET /api/v1/eldercare/facilities/{id}/residents | foreign | institution_staff': { status: 403, why: "another operator's facility answers 403, not 404" },
  'PUT /api/v1/eldercare/supervision/facilities/{id}/prepaid/{month} | foreign | institution_staff': { status: 403, why: "another operator's facility answers 403, not 404" },
  'POST /api/v1/eldercare/supervision/findings/{id}/rectify | own | institution_staff': { status: 403, why: 'an unknown finding answers 403 to an operator, not 404' },
  ...LEDGERS_DEVIATIONS,
};
