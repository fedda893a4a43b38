/**
 * Matrix entries of the residents' end (branch `residents`). Resident routes take only a resident session
 * (cookie `mz_resident`): without one, and with any staff session, they answer 401 — a staff token opens no
 * resident route, as a resident session opens no staff route (src/residents/residents.test.ts checks that side).
 * What a resident may do with their own session is tested in src/residents/residents.test.ts.
 */
import type { Permission } from '../../src/access/index.js';

/** The part of matrix.ts's RouteRule these entries use (importing it would make the two files import each other). */
interface RouteRule {
  guard: Permission | 'public' | 'resident';
  params?: Record<string, 'unknown' | { literal: string }>;
  query?: () => string;
  body?: () => unknown;
  table?: string;
  own?: number[];
}

const resident = (rule: Omit<RouteRule, 'guard'> = {}): RouteRule => ({ guard: 'resident', ...rule });
const u = { literal: '999999999' } as const;

export const RESIDENTS_MATRIX: Record<string, RouteRule> = {
  'GET /api/v1/resident/auth/config': { guard: 'public' },
  // An ID number nobody holds: the same 204 as a registered one, so the answer tells nothing.
  'POST /api/v1/resident/auth/dev/code': { guard: 'public', body: () => ({ idNumber: '31011519850402001X' }), own: [204] },
  'POST /api/v1/resident/auth/dev/login': { guard: 'public', body: () => ({ idNumber: '31011519850402001X', code: '000000' }), own: [401] },
  // No identity provider is configured in the tests.
  'GET /api/v1/resident/auth/oidc/start': { guard: 'public', own: [404] },
  'GET /api/v1/resident/auth/oidc/callback': { guard: 'public', query: () => 'state=x&code=y', own: [404] },
  'POST /api/v1/resident/auth/logout': { guard: 'public', own: [204] },
  'GET /api/v1/resident/me': resident(),
  'GET /api/v1/resident/entitlements': resident(),
  'POST /api/v1/resident/applications': resident({ table: 'residents.applications' }),
  'GET /api/v1/resident/applications': resident(),
  'GET /api/v1/resident/applications/{id}': resident({ params: { id: u } }),
  'POST /api/v1/resident/applications/{id}/files': resident({ params: { id: u }, table: 'residents.files' }),
  'GET /api/v1/resident/applications/{id}/files/{fileId}': resident({ params: { id: u, fileId: u } }),
  'POST /api/v1/resident/applications/{id}/withdraw': resident({ params: { id: u } }),
  'GET /api/v1/resident/consents': resident(),
  'POST /api/v1/resident/consents': resident({ table: 'residents.consents' }),
  'DELETE /api/v1/resident/consents/{id}': resident({ params: { id: u } }),
  'GET /api/v1/resident/inbox': resident(),
  'POST /api/v1/resident/inbox/{id}/read': resident({ params: { id: u } }),
  'GET /api/v1/resident/inbox/{id}/notice.pdf': resident({ params: { id: u } }),
  'GET /api/v1/resident/channels': resident(),
  'PUT /api/v1/resident/channels': resident({ table: 'residents.channels' }),
  'GET /api/v1/resident/objections': resident(),
  'POST /api/v1/resident/objections': resident({ table: 'residents.objections' }),
  // The staff side of residents' objections and of material requests (补充材料).
  'GET /api/v1/resident-objections': { guard: 'assistance.read' },
  'GET /api/v1/resident-objections/export': { guard: 'assistance.read', query: () => `purpose=${encodeURIComponent('矩阵核查')}` },
  'GET /api/v1/resident-files/{id}': { guard: 'assistance.read', params: { id: 'unknown' } },
  'POST /api/v1/resident-objections/{id}/answer': { guard: 'assistance.handle', params: { id: 'unknown' }, body: () => ({ upheld: false, answer: '经核实，异议不成立' }) },
  'POST /api/v1/assistance/cases/{id}/material-requests': { guard: 'assistance.handle', params: { id: 'unknown' }, body: () => ({ message: '请上传近三个月的工资流水' }) },
};
