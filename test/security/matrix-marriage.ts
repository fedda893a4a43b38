/**
 * Matrix entries of 婚姻登记 (branch `marriage`). Every matrix user sits in 浦东 (310115): the 婚姻登记员 there works
 * for 浦东新区婚姻登记处 (office 11). Records are made fresh per call (new ID numbers), so a permitted call gets its
 * business answer; ids nobody holds answer 404. The office scope across offices is tested in src/marriage/divorce.test.ts.
 */
import type { Permission } from '../../src/access/index.js';
import { addDays, makeIdNumber, todayInShanghai } from '../../src/kernel/index.js';

/** The part of matrix.ts's RouteRule these entries use (importing it would make the two files import each other). */
interface RouteRule {
  guard: Permission | 'public';
  params?: Record<string, 'unknown' | { literal: string }>;
  query?: () => string;
  body?: () => unknown;
  table?: string;
  own?: 'past-guard' | number[];
  why?: string;
}

const u = { literal: '999999999' } as const;
let sequence = 0;
const id = (sex: 'M' | 'F', birth: string) => makeIdNumber('330106', birth, ((++sequence * 2 + Math.floor(Math.random() * 400) * 2) % 1000) + (sex === 'M' ? 1 : 0));
const party = (sex: 'M' | 'F', birth: string) => ({ idNumber: id(sex, birth), name: sex === 'M' ? '矩阵甲' : '矩阵乙', present: true, declarationSigned: true, declaredStatus: 'unmarried' });
const couple = () => ({ service: 'marriage', husband: party('M', `19${70 + (sequence % 20)}-03-0${1 + (sequence % 8)}`), wife: party('F', `19${72 + (sequence % 20)}-04-1${sequence % 9}`) });
const soon = () => addDays(todayInShanghai(), 3);

export const MARRIAGE_MATRIX: Record<string, RouteRule> = {
  'GET /api/v1/marriage/offices': { guard: 'marriage.figures' },
  'GET /api/v1/marriage/offices/{id}/slots': { guard: 'marriage.figures', params: { id: { literal: '11' } }, query: () => `day=${soon()}` },
  'GET /api/v1/marriage/bookings': { guard: 'marriage.read', query: () => `officeId=11&day=${soon()}` },
  'POST /api/v1/marriage/bookings': {
    guard: 'marriage.register',
    table: 'marriage.bookings',
    body: () => ({ officeId: 11, day: soon(), slot: '13:30', service: 'marriage', channel: 'online', partyA: { idNumber: id('M', '1990-01-01'), name: '矩阵甲' }, partyB: { idNumber: id('F', '1991-01-01'), name: '矩阵乙' } }),
  },
  'POST /api/v1/marriage/bookings/{id}/cancel': { guard: 'marriage.register', params: { id: u }, own: [404], why: 'no booking has that id' },
  'POST /api/v1/marriage/bookings/{id}/no-show': { guard: 'marriage.register', params: { id: u }, own: [404], why: 'no booking has that id' },
  'POST /api/v1/marriage/checks': { guard: 'marriage.register', body: couple },
  'POST /api/v1/marriage/marriages': { guard: 'marriage.register', table: 'marriage.marriages', body: couple },
  'GET /api/v1/marriage/marriages/{id}': { guard: 'marriage.read', params: { id: u }, own: [404], why: 'no marriage has that id' },
  'POST /api/v1/marriage/divorces': {
    guard: 'marriage.register',
    table: 'marriage.divorce_applications',
    body: () => ({ marriageId: 999999999, bothPresent: true, agreement: { children: '无', property: '各自所有', debts: '无' }, capacity: { husband: 'full', wife: 'full' } }),
    own: 'past-guard',
    why: 'no marriage has that id: 不予受理 (400)',
  },
  'GET /api/v1/marriage/divorces': { guard: 'marriage.read', query: () => 'officeId=11' },
  'GET /api/v1/marriage/divorces/{id}': { guard: 'marriage.read', params: { id: u }, own: [404], why: 'no application has that id' },
  'POST /api/v1/marriage/divorces/{id}/withdraw': { guard: 'marriage.register', params: { id: u }, body: () => ({ party: 'wife' }), own: [404], why: 'no application has that id' },
  'POST /api/v1/marriage/divorces/{id}/register': { guard: 'marriage.register', params: { id: u }, body: () => ({ bothPresent: true, consentConfirmed: true }), own: [404], why: 'no application has that id' },
  'POST /api/v1/marriage/judgements': {
    guard: 'marriage.register',
    table: 'marriage.judgements',
    body: () => ({ marriageId: 999999999, kind: 'divorce', court: '矩阵法院', caseNumber: `(2025)矩${Math.random()}`, effectiveOn: '2025-03-01' }),
    own: [404],
    why: 'no marriage has that id',
  },
  'GET /api/v1/marriage/certificates/{number}': { guard: 'marriage.read', params: { number: { literal: 'J310115-1999-999999' } }, own: [404], why: 'no certificate has that number' },
  'POST /api/v1/marriage/certificates/{number}/reissue': {
    guard: 'marriage.register',
    params: { number: { literal: 'J310115-1999-999999' } },
    body: () => ({ idNumber: id('F', '1990-01-01'), purpose: '补领' }),
    own: [404],
    why: 'no certificate has that number',
  },
  'GET /api/v1/marriage/certificates/{number}/elicence': { guard: 'marriage.register', params: { number: { literal: 'J310115-1999-999999' } }, own: [404], why: 'no certificate has that number' },
  // 长三角互认: the holder of a licence asks whether it is still valid; the answer carries no personal data.
  'POST /api/v1/marriage/elicences/verify': { guard: 'public', body: () => ({ data: { number: 'J310115-1999-999999', kind: 'J', issuedOn: '1999-01-01', office: '矩阵', holders: [] }, signature: 'AAAA' }) },
  'POST /api/v1/marriage/imports': {
    guard: 'marriage.import',
    table: 'marriage.import_batches',
    body: () => ({ batchId: `matrix-${Date.now()}-${Math.floor(Math.random() * 1e9)}`, source: '矩阵', provenance: 'imported', format: 'ndjson', content: '' }),
  },
  'POST /api/v1/marriage/judgements/imports': {
    guard: 'marriage.import',
    table: 'marriage.import_batches',
    body: () => ({ batchId: `matrix-j-${Date.now()}-${Math.floor(Math.random() * 1e9)}`, court: '矩阵法院', format: 'ndjson', content: '' }),
  },
  'POST /api/v1/marriage/marriages/{id}/complete': {
    guard: 'marriage.register',
    params: { id: u },
    body: () => ({ party: 'husband', idNumber: id('M', '1960-01-01'), evidence: '居民身份证' }),
    own: [404],
    why: 'no marriage has that id',
  },
  'POST /api/v1/marriage/marriages/{id}/certificate': { guard: 'marriage.register', params: { id: u }, body: () => ({ idNumber: id('F', '1962-01-01'), purpose: '补发结婚证' }), own: [404], why: 'no marriage has that id' },
  'GET /api/v1/marriage/reviews': { guard: 'marriage.read' },
  'POST /api/v1/marriage/reviews/{id}/decide': { guard: 'marriage.register', params: { id: u }, body: () => ({ decision: 'cleared' }), own: [404], why: 'no review has that id' },
  'GET /api/v1/marriage/figures': { guard: 'marriage.figures', query: () => 'year=2025' },
  'GET /api/v1/marriage/settings': { guard: 'marriage.figures' },
  // Ledgers: the same permission and office as the list each exports; personal ones need a purpose.
  'GET /api/v1/marriage/bookings/export': { guard: 'marriage.read', query: () => `officeId=11&day=${soon()}&purpose=${encodeURIComponent('矩阵测试')}` },
  'GET /api/v1/marriage/divorces/export': { guard: 'marriage.read', query: () => `officeId=11&purpose=${encodeURIComponent('矩阵测试')}` },
  'GET /api/v1/marriage/figures/export': { guard: 'marriage.figures', query: () => 'year=2025' },
  'PUT /api/v1/marriage/settings/{name}': { guard: 'marriage.configure', table: 'marriage.settings', params: { name: { literal: 'booking.horizonDays' } }, body: () => ({ from: '2030-01-01', value: 30, verified: false, source: '矩阵' }) },
};
