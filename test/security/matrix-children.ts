/**
 * Matrix entries of 儿童福利 and 残疾人福利 (branch `children`, issue 20). Typed structurally: importing
 * RouteRule from matrix.ts (which spreads this table) would be an import circle.
 */
import type { Permission } from '../../src/access/index.js';

interface ChildrenRule {
  guard: Permission | Permission[];
  params?: Record<string, 'person' | 'unknown' | { literal: string }>;
  query?: () => string;
  body?: (o: { person: number; committee: string }) => unknown;
  table?: string;
  own?: 'past-guard' | number[];
  why?: string;
}

const D = '2025-03-01';
const run = () => ({ month: '2025-03', divisionCode: '310115000000' });
const file = () => 'month=2025-03&divisionCode=310115000000';
const id = { id: 'unknown' } as const;

export const CHILDREN_MATRIX: Record<string, ChildrenRule> = {
  'GET /api/v1/children/settings': { guard: ['children.read', 'children.configure'] },
  'PUT /api/v1/children/settings/{name}': { guard: 'children.configure', params: { name: { literal: 'visit.firstDays' } }, table: 'children.settings', body: () => ({ from: '2030-01-01', value: 3, verified: false, source: '矩阵核查' }) },
  'GET /api/v1/children/workers': { guard: 'children.read' },
  'POST /api/v1/children/workers': { guard: 'children.decide', table: 'children.workers', body: (o) => ({ userId: 999999999, divisionCode: o.committee, since: D, trainedOn: null }), own: [404], why: 'no user has that id' },
  'GET /api/v1/children/protection-units': { guard: 'children.read' },
  'POST /api/v1/children/protection-units': {
    guard: 'children.decide',
    table: 'children.protection_units',
    body: (o) => ({ kind: 'workstation', divisionCode: o.committee, name: '矩阵核查', openedOn: D }),
    own: 'past-guard',
    why: 'a committee is not a street',
  },
  'POST /api/v1/children/protection-units/{id}/assessments': { guard: 'children.configure', params: id, table: 'children.protection_assessments', body: () => ({ year: 2025, passed: true, note: '矩阵核查' }) },
  'POST /api/v1/children/situations': { guard: 'children.report', table: 'registry.facts', body: (o) => ({ personId: o.person, kind: 'serious_illness', from: D, to: null, evidence: '矩阵核查' }), own: [201] },
  // The matrix's person is an adult: the report is refused (400) past the guard.
  'POST /api/v1/children/cases': { guard: 'children.report', table: 'children.cases', body: (o) => ({ childId: o.person, source: 'director', reportedOn: D, note: '矩阵核查' }), own: 'past-guard', why: 'the person is an adult' },
  'GET /api/v1/children/cases': { guard: 'children.read' },
  'GET /api/v1/children/cases/{id}': { guard: 'children.read', params: id },
  'GET /api/v1/children/cases/{id}/id-number': { guard: 'children.pii.reveal', params: id, query: () => 'purpose=case_handling' },
  'POST /api/v1/children/cases/{id}/visits': { guard: 'children.visit', params: id, table: 'children.visits', body: () => ({ visitedOn: D, note: '矩阵核查' }) },
  'POST /api/v1/children/cases/{id}/review': { guard: 'children.review', params: id, body: () => ({ note: '矩阵核查', suggested: null }) },
  'POST /api/v1/children/cases/{id}/decision': { guard: 'children.decide', params: id, body: () => ({ category: 'de_facto' }) },
  'POST /api/v1/children/cases/{id}/recheck': { guard: 'children.decide', params: id, body: () => ({ note: '矩阵核查' }) },
  'POST /api/v1/children/cases/{id}/plan': { guard: 'children.visit', params: id, body: () => ({ plan: '矩阵核查' }) },
  'POST /api/v1/children/cases/{id}/guardians': { guard: 'children.visit', params: id, table: 'children.guardians', body: () => ({ kind: 'state', guardianId: null, from: D }) },
  'POST /api/v1/children/cases/{id}/close': { guard: 'children.decide', params: id, body: () => ({ reason: 'other', note: '矩阵核查' }) },
  'GET /api/v1/children/figures': { guard: 'children.figures' },
  // The matrix's person holds no certificate: refused (400) past the guard.
  'POST /api/v1/disability/subsidies': { guard: 'disability.handle', table: 'children.subsidies', body: (o) => ({ personId: o.person, kind: 'care', appliedOn: D }), own: 'past-guard', why: 'the person holds no disability certificate' },
  'GET /api/v1/disability/subsidies': { guard: 'disability.read' },
  'POST /api/v1/disability/subsidies/{id}/decision': { guard: 'disability.decide', params: id },
  'POST /api/v1/disability/subsidies/runs': { guard: 'disability.pay', table: 'children.subsidy_payments', body: run },
  'GET /api/v1/disability/subsidies/file': { guard: 'disability.pay', query: file },
  'GET /api/v1/disability/rehab/providers': { guard: 'disability.read' },
  'POST /api/v1/disability/rehab/providers': {
    guard: 'disability.decide',
    table: 'children.rehab_providers',
    body: (o) => ({ name: '矩阵核查', kind: 'facility', divisionCode: o.committee, openedOn: D }),
    own: 'past-guard',
    why: 'a committee is not a street',
  },
  'GET /api/v1/disability/rehab/participants': { guard: 'disability.read' },
  'POST /api/v1/disability/rehab/participants': { guard: 'disability.handle', table: 'children.rehab_participants', body: (o) => ({ personId: o.person, providerId: 999999999, joinedOn: D }), own: [404], why: 'no provider has that id' },
  'POST /api/v1/disability/rehab/participants/{id}/leave': { guard: 'disability.handle', params: id, table: 'children.rehab_participants', body: () => ({ leftOn: D, reason: '矩阵核查' }) },
  // Excel ledgers: as the list they export, with a purpose.
  'GET /api/v1/children/cases/export': { guard: 'children.read', query: () => `purpose=${encodeURIComponent('矩阵核查')}` },
  'GET /api/v1/disability/rehab/participants/export': { guard: 'disability.read', query: () => `purpose=${encodeURIComponent('矩阵核查')}` },
  'GET /api/v1/disability/subsidies/export': { guard: 'disability.read', query: () => `purpose=${encodeURIComponent('矩阵核查')}` },
};
