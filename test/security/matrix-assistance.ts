/**
 * Matrix entries of the rest of social assistance (issue 23, branch `a23`): 临时救助's emergency track, its
 * preview, and later recovery, price subsidies. An unknown case id answers 404 to a permitted caller and 403 to
 * everyone else. What a permitted caller does with real cases is tested in src/assistance/temporary.test.ts.
 */
import type { Permission } from '../../src/access/index.js';

/** The part of matrix.ts's RouteRule these entries use (importing it would make the two files import each other). */
interface RouteRule {
  guard: Permission | Permission[];
  params?: Record<string, 'unknown' | { literal: string }>;
  query?: (o: { household: number; person: number; street: string }) => string;
  body?: (o: { household: number; person: number; street: string }) => unknown;
  table?: string;
  own?: 'past-guard' | number[];
  why?: string;
}

const u = 'unknown' as const;

export const ASSISTANCE_MATRIX: Record<string, RouteRule> = {
  'GET /api/v1/assistance/temporary/preview': { guard: 'assistance.read', query: (o) => `householdId=${o.household}&hardshipType=illness` },
  'POST /api/v1/assistance/temporary/emergency': {
    guard: 'assistance.handle',
    table: 'assistance.cases',
    body: (o) => ({ householdId: o.household, applicantPersonId: o.person, reason: '矩阵', amountFen: 100, hardshipType: 'illness', form: 'cash', findings: '矩阵' }),
    own: [403],
    why: 'the matrix files a close relative of the caller in its household, so the 回避 rule refuses it past the guard (ASSISTANCE_CONFLICT_OF_INTEREST)',
  },
  'POST /api/v1/assistance/cases/{id}/emergency-grant': { guard: 'assistance.handle', params: { id: u } },
  'POST /api/v1/assistance/cases/{id}/paperwork': { guard: 'assistance.handle', params: { id: u } },
  'POST /api/v1/assistance/cases/{id}/emergency-review': { guard: 'assistance.decide', params: { id: u } },
  // 补发与追缴 (src/assistance/recovery.test.ts does the business): the district adjusts and writes off, the street records repayments.
  'GET /api/v1/assistance/cases/{id}/adjustments': { guard: 'assistance.read', params: { id: u }, query: () => 'fromMonth=2024-06' },
  'GET /api/v1/assistance/cases/{id}/adjustments/export': { guard: 'assistance.read', params: { id: u }, query: () => `purpose=${encodeURIComponent('安全测试导出')}` },
  'POST /api/v1/assistance/cases/{id}/adjustments': { guard: 'assistance.decide', params: { id: u }, body: () => ({ fromMonth: '2024-06', reason: '矩阵' }) },
  'POST /api/v1/assistance/cases/{id}/repayments': { guard: 'assistance.handle', params: { id: u }, body: () => ({ amountFen: 100, receiptNo: 'SH-0001' }) },
  // 价格临时补贴 (src/assistance/price-subsidy.test.ts does the business).
  'GET /api/v1/assistance/price-subsidies': { guard: 'assistance.read', query: (o) => `districtCode=${o.street.slice(0, 6)}` },
  'POST /api/v1/assistance/price-indices': { guard: 'assistance.configure', table: 'assistance.price_indices', body: () => ({ month: '2031-01', cpiYoyPermille: 20, foodYoyPermille: 30, source: '矩阵' }) },
  'POST /api/v1/assistance/price-subsidies/runs': {
    guard: 'assistance.pay',
    table: 'assistance.price_subsidies',
    body: (o) => ({ districtCode: o.street.slice(0, 6), month: '2031-02' }),
    own: 'past-guard',
    why: 'no price index entered for the month (ASSISTANCE_PRICE_INDEX_MISSING)',
  },
  'GET /api/v1/assistance/price-subsidies/runs/{month}/export': {
    guard: 'assistance.pay',
    params: { month: { literal: '2031-02' } },
    query: (o) => `districtCode=${o.street.slice(0, 6)}&purpose=${encodeURIComponent('安全测试导出')}`,
    own: [404],
    why: 'no run for the month',
  },
  'POST /api/v1/assistance/cases/{id}/write-offs': { guard: 'assistance.decide', params: { id: u }, body: () => ({ amountFen: 100, reason: '矩阵' }) },
};
