/**
 * Matrix entries of 基层治理 and the plan's indicators (branch `community`). The roster is personal data
 * (community.read, the caller's jurisdiction); its figures and the indicators are aggregates for any stats.read user;
 * manual indicator values and the month-end freeze are the city admin's (indicators.enter).
 */
import type { Permission } from '../../src/access/index.js';

/** The part of matrix.ts's RouteRule these entries use (importing it would make the two files import each other). */
interface RouteRule {
  guard: Permission | Permission[] | 'public';
  params?: Record<string, 'unknown' | 'person' | { literal: string }>;
  query?: () => string;
  body?: (o: { person: number; committee: string }) => unknown;
  table?: string;
  own?: 'past-guard' | number[];
  why?: string;
  fresh?: boolean;
}

const purpose = `purpose=${encodeURIComponent('矩阵核查')}`;
const no = { no: { literal: '6' } } as const;

export const COMMUNITY_MATRIX: Record<string, RouteRule> = {
  'GET /api/v1/community/workers': { guard: 'community.read' },
  'POST /api/v1/community/workers': {
    guard: 'community.roster.write',
    fresh: true,
    table: 'community.workers',
    body: (o) => ({ personId: o.person, divisionCode: o.committee, post: '社区工作者', startOn: '2024-01-01', education: 'bachelor' }),
    own: [201],
  },
  'POST /api/v1/community/workers/{id}/end': { guard: 'community.roster.write', params: { id: 'unknown' }, body: () => ({ endOn: '2025-01-31' }), own: [404], why: 'no roster period has that id' },
  'GET /api/v1/community/workers/figures': { guard: 'stats.read' },
  'GET /api/v1/community/workers/export': { guard: 'community.read', query: () => purpose },
  // An order dated in the future is refused after the guard (400): the permitted roles reach the business check.
  'POST /api/v1/community/division-orders': {
    guard: 'community.divisions.manage',
    table: 'registry.division_orders',
    body: (o) => ({ kind: 'establish', approvalNumber: '矩阵核查', reason: '矩阵核查', effectiveOn: '2099-01-01', target: { code: `${o.committee.slice(0, 9)}998`, name: '矩阵居委会' } }),
    own: 'past-guard',
    why: 'an order dated in the future is refused after the guard',
  },
  'GET /api/v1/community/division-orders': { guard: 'stats.read' },
  'POST /api/v1/community/divisions/import': { guard: 'community.divisions.manage', table: 'registry.division_orders', body: () => ({ effectiveOn: '2025-01-01', source: '矩阵核查', text: '' }) },
  'GET /api/v1/community/divisions/counts': { guard: 'stats.read', query: () => 'code=310115004000&on=2025-01-01' },
  'GET /api/v1/community/divisions/history': { guard: 'stats.read', query: () => 'code=310115004000' },
  // 社区事务受理: points and catalogue (no personal data), 办件 batches and window keying, processing-time figures.
  'GET /api/v1/community/service-points': { guard: 'stats.read' },
  'POST /api/v1/community/service-points': {
    guard: 'community.services.manage',
    table: 'community.service_points',
    body: (o) => ({ code: `${o.committee.slice(0, 9)}000${10 + Math.floor(Math.random() * 90)}`, name: '矩阵受理点', kind: 'centre', openedOn: '2024-01-01' }),
    own: [201, 409],
    why: 'the two permitted roles may draw the same code (409)',
  },
  'GET /api/v1/community/service-items': { guard: 'stats.read' },
  'POST /api/v1/community/service-items': {
    guard: 'community.services.catalogue',
    table: 'community.service_items',
    body: () => ({
      code: String(10_000_000 + Math.floor(Math.random() * 9e7)),
      name: '矩阵事项',
      department: '矩阵',
      channels: ['window'],
      citywide: true,
      exemptSubmission: false,
      limitDays: 5,
      validFrom: '2024-01-01',
      source: '矩阵核查',
    }),
    own: [201],
  },
  'POST /api/v1/community/service-cases/import': {
    guard: 'community.services.manage',
    table: 'community.service_batches',
    body: () => ({ batchId: `mx-${Math.floor(Math.random() * 1e9)}`, format: 'csv', content: '办件编号,事项编码,受理点编码,渠道,受理日期,办结日期,评价' }),
  },
  'POST /api/v1/community/service-cases': {
    guard: 'community.services.record',
    table: 'community.service_cases',
    body: (o) => ({ caseNo: 'MX-1', itemCode: '0000', pointCode: `${o.committee.slice(0, 9)}00099`, channel: 'window', receivedOn: '2025-01-01' }),
    own: 'past-guard',
    why: 'no such catalogue item or point: refused after the guard (400)',
  },
  'POST /api/v1/community/service-cases/{caseNo}/finish': { guard: 'community.services.record', params: { caseNo: 'unknown' }, body: () => ({ finishedOn: '2025-01-01' }), own: [404], why: 'no case has that number' },
  'GET /api/v1/community/service-cases/figures': { guard: 'stats.read' },
  'GET /api/v1/community/service-cases/figures/export': { guard: 'stats.read' },
  // 减负: the lists are the city's; requests and reports are entered for a committee of the caller's jurisdiction.
  'GET /api/v1/community/burden/entries': { guard: 'stats.read' },
  'POST /api/v1/community/burden/entries': {
    guard: 'community.burden.lists',
    table: 'community.burden_entries',
    body: () => ({ kind: 'certificate_forbidden', name: '矩阵证明', source: '矩阵核查', example: true, validFrom: '2024-01-01' }),
    own: [201],
  },
  'GET /api/v1/community/burden/requests': { guard: 'community.read' },
  'GET /api/v1/community/burden/requests/export': { guard: 'community.read' },
  'POST /api/v1/community/burden/requests': {
    guard: 'community.burden.record',
    table: 'community.burden_requests',
    body: (o) => ({ committeeCode: o.committee, requestedOn: '2025-01-01', kind: 'certificate', subject: '矩阵证明', requestedBy: '矩阵单位' }),
    own: [201],
  },
  'GET /api/v1/community/burden/reports': { guard: 'community.read' },
  'POST /api/v1/community/burden/reports': {
    guard: 'community.burden.record',
    table: 'community.burden_reports',
    body: (o) => ({ committeeCode: o.committee, reportedOn: '2025-01-01', pushedBy: '矩阵单位', content: '矩阵核查' }),
    own: [201],
  },
  'POST /api/v1/community/burden/reports/{id}/refer': { guard: 'community.burden.manage', params: { id: 'unknown' }, body: () => ({ referredTo: '矩阵', referredOn: '2025-01-01' }), own: [404], why: 'no report has that id' },
  'POST /api/v1/community/burden/reports/{id}/close': { guard: 'community.burden.manage', params: { id: 'unknown' }, body: () => ({ result: '矩阵', closedOn: '2025-01-01' }), own: [404], why: 'no report has that id' },
  'POST /api/v1/community/burden/points': {
    guard: 'community.burden.manage',
    table: 'community.burden_points',
    body: (o) => ({ committeeCode: o.committee, since: '2025-01-01', source: '矩阵核查' }),
    own: [201, 409],
    why: 'the two permitted roles name the same committee (the second 409)',
  },
  'GET /api/v1/community/burden/figures': { guard: 'stats.read' },
  'GET /api/v1/indicators': { guard: 'stats.read' },
  // 公开数据: the current month has not ended, so publishing it is refused after the guard; reading needs no login.
  'POST /api/v1/indicators/open-data/{month}/publish': { guard: 'indicators.enter', params: { month: { literal: '2999-01' } }, table: 'indicators.open_data', own: 'past-guard', why: 'a month not yet ended cannot be published' },
  'GET /api/v1/public/open-data': { guard: 'public' },
  'GET /api/v1/public/open-data/{month}/{dataset}': { guard: 'public', params: { month: { literal: '2024-01' }, dataset: { literal: 'children' } }, own: [404], why: 'no month is published in the matrix city' },
  // No personal data: no purpose needed, as the facilities ledger.
  'GET /api/v1/indicators/export': { guard: 'stats.read' },
  'GET /api/v1/indicators/{no}/districts': { guard: 'stats.read', params: no },
  'GET /api/v1/indicators/{no}/history': { guard: 'stats.read', params: no, query: () => 'to=2021-06' },
  'GET /api/v1/indicators/{no}/values': { guard: 'stats.read', params: no },
  'POST /api/v1/indicators/{no}/values': { guard: 'indicators.enter', params: no, table: 'indicators.manual_values', body: () => ({ month: '2025-01', numerator: 80, denominator: 100, source: '矩阵核查' }), own: [201] },
  'POST /api/v1/indicators/months/{month}/freeze': { guard: 'indicators.enter', params: { month: { literal: '2025-01' } }, table: 'indicators.snapshots' },
};
