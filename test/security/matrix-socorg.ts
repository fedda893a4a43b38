/**
 * Matrix entries of 社会组织与慈善 (branch `socorg`). Staff routes: the registrars (city admin, district staff)
 * register and supervise, the leader reads, an organisation's own staff file its report. The public register
 * (`/api/v1/public/socialorg/…`) needs no session. What a registrar may do with an organisation of another
 * district is tested in src/socialorg/registration.test.ts (refused as not found, audited).
 */
import type { Permission } from '../../src/access/index.js';
import { makeCreditCode } from '../../src/kernel/index.js';

/** The part of matrix.ts's RouteRule these entries use (importing it would make the two files import each other). */
interface RouteRule {
  guard: Permission | Permission[] | 'public' | 'api-key';
  params?: Record<string, 'unknown' | { literal: string }>;
  query?: () => string;
  body?: (o: { street: string }) => unknown;
  table?: string;
  own?: 'past-guard' | number[];
  why?: string;
}

const tag = () => Math.random().toString(36).slice(2, 8);
const nameApplication = (o: { street: string }) => ({ orgType: 'social_service', name: `浦东新区矩阵${tag()}社会工作服务中心`, level: 'district', divisionCode: o.street, mode: 'direct', directCategory: 'community' });
const report = { year: 2024, incomeFen: 100, expenditureFen: 50, netAssetsFen: 10 };
// A code of valid length that nobody holds.
const NOBODY = '52310115MT0000000X';
const TRUSTEE = makeCreditCode('91310000MA123456');

export const SOCORG_MATRIX: Record<string, RouteRule> = {
  'GET /api/v1/socialorg/settings': { guard: ['socialorg.read', 'socialorg.configure'] },
  'PUT /api/v1/socialorg/settings/{name}': { guard: 'socialorg.configure', params: { name: { literal: 'report.minMonths' } }, table: 'socialorg.settings', body: () => ({ from: '2099-01-01', value: 6, verified: true, source: '矩阵测试' }) },
  'POST /api/v1/socialorg/name-approvals': { guard: 'socialorg.register', table: 'socialorg.organisations', body: nameApplication },
  'GET /api/v1/socialorg/organisations': { guard: 'socialorg.read' },
  'GET /api/v1/socialorg/organisations/{id}': { guard: 'socialorg.read', params: { id: 'unknown' } },
  'POST /api/v1/socialorg/organisations/{id}/steps/{action}': { guard: 'socialorg.register', params: { id: 'unknown', action: { literal: 'liquidate' } }, table: 'socialorg.actions', body: () => ({}) },
  'POST /api/v1/socialorg/organisations/{id}/annual-reports/{year}/conclusion': { guard: 'socialorg.supervise', params: { id: 'unknown', year: { literal: '2024' } }, body: () => ({ conclusion: 'pass' }) },
  'GET /api/v1/socialorg/my-organisation': { guard: 'socialorg.report', own: [404], why: 'the matrix organisation is in the registry but has no social-organisation file' },
  'POST /api/v1/socialorg/annual-reports': { guard: 'socialorg.report', table: 'socialorg.annual_reports', body: () => report, own: [404], why: 'the matrix organisation is in the registry but has no social-organisation file' },
  'POST /api/v1/socialorg/runs/annual-listing': { guard: 'socialorg.supervise', table: 'socialorg.list_entries', body: () => ({ year: 2024, onDate: '2025-06-01' }) },
  'POST /api/v1/socialorg/runs/credit': { guard: 'socialorg.supervise', table: 'socialorg.list_entries', body: () => ({ onDate: '2025-06-01' }) },
  'GET /api/v1/socialorg/list-entries': { guard: 'socialorg.read' },
  'POST /api/v1/socialorg/list-entries/{id}/removal': { guard: 'socialorg.supervise', params: { id: 'unknown' }, body: () => ({ reason: '矩阵测试' }) },
  'GET /api/v1/socialorg/organisations/export': { guard: 'socialorg.read' },
  'GET /api/v1/socialorg/list-entries/export': { guard: 'socialorg.read' },
  'GET /api/v1/socialorg/organisations/{id}/spending-check': { guard: 'socialorg.read', params: { id: 'unknown' }, query: () => 'year=2024' },
  'GET /api/v1/socialorg/organisations/{id}/grading-eligibility': { guard: 'socialorg.read', params: { id: 'unknown' } },
  'POST /api/v1/socialorg/organisations/{id}/grades': { guard: 'socialorg.supervise', params: { id: 'unknown' }, table: 'socialorg.grades', body: () => ({ score: 900 }) },
  'GET /api/v1/socialorg/grades': { guard: 'socialorg.read' },
  'GET /api/v1/socialorg/grades/export': { guard: 'socialorg.read' },
  'POST /api/v1/socialorg/runs/grade-expiry': { guard: 'socialorg.supervise', table: 'socialorg.grades', body: () => ({ onDate: '2025-06-01' }) },
  'GET /api/v1/socialorg/figures': { guard: 'socialorg.read', query: () => 'year=2024' },
  'GET /api/v1/socialorg/social-worker-figures': { guard: 'socialorg.read' },
  'POST /api/v1/socialorg/social-worker-figures': {
    guard: 'socialorg.configure',
    table: 'socialorg.social_worker_figures',
    body: () => ({ rows: [{ asOf: '2022-12-31', certified: 37000, senior: 27, source: '矩阵测试', verified: false }] }),
  },
  'GET /api/v1/socialorg/penalties': { guard: 'socialorg.read' },
  'GET /api/v1/socialorg/penalties/export': { guard: 'socialorg.read' },
  'POST /api/v1/socialorg/organisations/{id}/penalties': {
    guard: 'socialorg.supervise',
    params: { id: 'unknown' },
    table: 'socialorg.penalties',
    body: () => ({ kind: 'warning', basis: '矩阵测试', decisionNo: `矩阵${tag()}`, decidedOn: '2025-03-01' }),
  },
  'POST /api/v1/socialorg/penalties/{id}/carried-out': { guard: 'socialorg.supervise', params: { id: 'unknown' }, body: () => ({ carriedOutOn: '2025-03-01' }) },
  'GET /api/v1/socialorg/imports': { guard: 'socialorg.supervise' },
  'POST /api/v1/socialorg/imports/penalties': { guard: 'socialorg.supervise', table: 'socialorg.import_batches', body: () => ({ batchId: `mx-${tag()}`, format: 'csv', department: '矩阵部门', content: 'creditCode,kind\n' }) },
  'POST /api/v1/socialorg/imports/court': { guard: 'socialorg.supervise', table: 'socialorg.import_batches', body: () => ({ batchId: `mx-${tag()}`, format: 'ndjson', department: '矩阵法院', content: '' }) },
  'GET /api/v1/socialorg/fundraising-plans': { guard: 'socialorg.read' },
  'POST /api/v1/socialorg/organisations/{id}/fundraising-plans': {
    guard: 'socialorg.supervise',
    params: { id: 'unknown' },
    table: 'socialorg.fundraising_plans',
    body: () => ({ title: '矩阵募捐', purpose: '矩阵测试', targetFen: 100, startsOn: '2099-01-01', endsOn: '2099-02-01' }),
  },
  'POST /api/v1/socialorg/fundraising-plans/{id}/disclosures': { guard: 'socialorg.supervise', params: { id: 'unknown' }, body: () => ({ disclosedOn: '2025-03-01', final: false, raisedFen: 0 }) },
  'GET /api/v1/socialorg/trusts': { guard: 'socialorg.read' },
  'POST /api/v1/socialorg/trusts': {
    guard: 'socialorg.supervise',
    table: 'socialorg.charitable_trusts',
    body: (o) => ({ name: `矩阵信托${tag()}`, trusteeName: '矩阵信托公司', trusteeCreditCode: TRUSTEE, divisionCode: o.street, level: 'district', purpose: '矩阵测试', propertyFen: 100, signedOn: '2025-03-01', filedOn: '2025-03-02' }),
  },
  'POST /api/v1/socialorg/trusts/{id}/publish': { guard: 'socialorg.supervise', params: { id: 'unknown' }, body: () => ({ publishedOn: '2025-03-01' }) },
  'GET /api/v1/public/socialorg/trusts': { guard: 'public' },
  'GET /api/v1/socialorg/api-keys': { guard: 'socialorg.configure' },
  'POST /api/v1/socialorg/api-keys': { guard: 'socialorg.configure', table: 'socialorg.api_keys', body: () => ({ department: '矩阵部门', label: '矩阵测试' }) },
  'POST /api/v1/socialorg/api-keys/{id}/revoke': { guard: 'socialorg.configure', params: { id: 'unknown' } },
  'GET /api/v1/dept/socialorg/organisations/{creditCode}': { guard: 'api-key', params: { creditCode: { literal: NOBODY } } },
  'GET /api/v1/dept/socialorg/changes': { guard: 'api-key' },
  'POST /api/v1/public/socialorg/name-check': { guard: 'public', body: nameApplication },
  'GET /api/v1/public/socialorg/organisations': { guard: 'public' },
  'GET /api/v1/public/socialorg/organisations/{creditCode}': { guard: 'public', params: { creditCode: { literal: NOBODY } }, own: [404] },
  'GET /api/v1/public/socialorg/export.csv': { guard: 'public' },
  'POST /api/v1/socialorg/runs/bulk-files': { guard: 'socialorg.configure', table: 'socialorg.bulk_builds', body: () => ({}) },
  'GET /api/v1/public/socialorg/bulk': { guard: 'public' },
  'GET /api/v1/public/socialorg/bulk/schema.json': { guard: 'public' },
  'GET /api/v1/public/socialorg/bulk/changelog.json': { guard: 'public' },
  'GET /api/v1/public/socialorg/bulk/{day}/manifest.json': { guard: 'public', params: { day: { literal: '2020-01-01' } }, own: [404] },
  'GET /api/v1/public/socialorg/bulk/{day}/{file}': { guard: 'public', params: { day: { literal: '2020-01-01' }, file: { literal: 'changes.csv.gz' } }, own: [404] },
};
