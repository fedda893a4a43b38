/**
 * Matrix entries of the funeral line (branch `funeral`). Deaths are scoped by the deceased's divisions: an
 * unknown id answers 404 to a permitted caller (as one outside the jurisdiction would) and 403 to everyone else.
 * What a permitted caller does with real records is tested in src/funeral/funeral.test.ts.
 */
import type { Permission } from '../../src/access/index.js';
import { makeIdNumber } from '../../src/kernel/index.js';

/** The part of matrix.ts's RouteRule these entries use (importing it would make the two files import each other). */
interface RouteRule {
  guard: Permission | Permission[];
  params?: Record<string, 'unknown' | { literal: string }>;
  query?: () => string;
  body?: (o: { street: string }) => unknown;
  table?: string;
  own?: number[];
}

const u = 'unknown' as const;
// A person the registry does not hold: the notice makes a death record of its own in the caller's street.
const UNREGISTERED = makeIdNumber('310115', '1931-07-07', 17);
const cremation = { unitId: 999999999, collectedOn: '2025-03-01', furnace: 'flat', storageDays: 1, costFen: {} };

const INTAKE = Object.fromEntries(['identity', 'organiser', 'basic_service', 'assistance', 'eco_burial', 'price_list', 'ashes', 'transport'].map((k) => [k, '已问询']));

export const FUNERAL_MATRIX: Record<string, RouteRule> = {
  'POST /api/v1/funeral/deaths/notices': { guard: 'funeral.record', table: 'funeral.notices', body: (o) => ({ idNumber: UNREGISTERED, name: '矩阵逝者', source: 'caseworker', deathDate: '2025-03-01', divisionCode: o.street }) },
  'GET /api/v1/funeral/deaths': { guard: 'funeral.read' },
  'GET /api/v1/funeral/deaths/{id}': { guard: 'funeral.read', params: { id: u } },
  'POST /api/v1/funeral/deaths/{id}/items/{item}': { guard: 'funeral.record', params: { id: u, item: { literal: 'pension' } }, body: () => ({ note: '已办结' }), table: 'funeral.ticks' },
  'GET /api/v1/funeral/deaths/{id}/notice': { guard: 'funeral.read', params: { id: u } },
  'POST /api/v1/funeral/deaths/{id}/cremation': { guard: 'funeral.record', params: { id: u }, body: () => cremation, table: 'funeral.cremations' },
  'GET /api/v1/funeral/deaths/{id}/cremation': { guard: 'funeral.read', params: { id: u } },
  'POST /api/v1/funeral/subsidies': { guard: 'funeral.record', body: () => ({ deathId: 999999999, kind: 'basic', organiserName: '矩阵', bankAccount: '6222020000000009' }), table: 'funeral.subsidies', own: [404] },
  'GET /api/v1/funeral/subsidies': { guard: 'funeral.read' },
  'POST /api/v1/funeral/subsidies/bank-file': { guard: 'funeral.pay', body: () => ({ dueBy: '2025-03-01' }), table: 'funeral.subsidies' },
  'GET /api/v1/funeral/units': { guard: 'funeral.read' },
  'POST /api/v1/funeral/units': { guard: 'funeral.units.manage', table: 'funeral.units', body: (o) => ({ kind: 'service_station', name: '矩阵殡仪服务站', divisionCode: o.street }) },
  'GET /api/v1/funeral/units/{id}': { guard: 'funeral.read', params: { id: u } },
  'POST /api/v1/funeral/units/{id}/prices': { guard: 'funeral.units.manage', params: { id: u }, body: () => ({ item: '火化', category: 'government', priceFen: 100, fromDate: '2025-01-01' }), table: 'funeral.prices' },
  'POST /api/v1/funeral/units/{id}/plots': { guard: 'funeral.units.manage', params: { id: u }, body: () => ({ burialType: 'lawn', areaM2: 0.5, newArea: true, count: 1 }), table: 'funeral.plots' },
  'POST /api/v1/funeral/units/{id}/burials': { guard: 'funeral.units.manage', params: { id: u }, body: () => ({ burialType: 'lawn', buriedOn: '2025-03-01' }), table: 'funeral.plots' },
  'GET /api/v1/funeral/figures': { guard: 'funeral.read', query: () => 'year=2025' },
  'GET /api/v1/funeral/settings': { guard: 'funeral.read' },
  // Supervision: the district and the city manage units, so they draw, inspect and sanction; the street reads.
  // The matrix builds an open unit in the caller's street, so an allowed draw plans its inspection (200).
  'POST /api/v1/funeral/supervision/draws': { guard: 'funeral.units.manage', body: (o) => ({ divisionCode: o.street, count: 1, inspectors: ['检查员甲', '检查员乙'], plannedOn: '2025-03-01' }), table: 'funeral.inspections' },
  'GET /api/v1/funeral/supervision/inspections': { guard: 'funeral.read' },
  'POST /api/v1/funeral/supervision/inspections': {
    guard: 'funeral.units.manage',
    body: () => ({ unitId: 999999999, inspectedOn: '2025-03-01', inspectors: '检查员甲、检查员乙', summary: '矩阵检查' }),
    table: 'funeral.inspections',
    own: [404],
  },
  'GET /api/v1/funeral/supervision/findings': { guard: 'funeral.read' },
  'POST /api/v1/funeral/supervision/findings/{id}/actions': { guard: 'funeral.units.manage', params: { id: u }, body: () => ({ action: 'rectify', on: '2025-03-01', note: '已整改' }), table: 'funeral.finding_log' },
  'POST /api/v1/funeral/units/{id}/sanctions': { guard: 'funeral.units.manage', params: { id: u }, body: () => ({ kind: 'summons', decidedOn: '2025-03-01', reason: '矩阵约谈' }), table: 'funeral.sanctions' },
  'POST /api/v1/funeral/complaints': { guard: 'funeral.record', body: (o) => ({ channel: 'hotline', receivedOn: '2025-03-01', divisionCode: o.street, category: '服务质量', summary: '矩阵投诉' }), table: 'funeral.complaints' },
  'GET /api/v1/funeral/complaints': { guard: 'funeral.read' },
  'POST /api/v1/funeral/complaints/{id}/answer': { guard: 'funeral.record', params: { id: u }, body: () => ({ answeredOn: '2025-03-02', answer: '已办结' }), table: 'funeral.complaints' },
  'GET /api/v1/funeral/deaths/{id}/intake': { guard: 'funeral.read', params: { id: u } },
  'POST /api/v1/funeral/deaths/{id}/intake': { guard: 'funeral.record', params: { id: u }, body: () => ({ answers: INTAKE }), table: 'funeral.intakes' },
  'GET /api/v1/funeral/supervision/findings/export': { guard: 'funeral.read' },
  'GET /api/v1/funeral/complaints/export': { guard: 'funeral.read', query: () => `purpose=${encodeURIComponent('矩阵核查')}` },
};
