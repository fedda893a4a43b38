/**
 * Matrix entries of 收养登记 (branch r25). Every matrix user sits in 浦东 (310115): the 婚姻登记员 there works for
 * 浦东新区婚姻登记处, which registers adoptions. Applications are made fresh per call (new ID numbers); ids nobody holds
 * answer 404. Another office's 403 is tested in src/adoption/adoption.test.ts.
 */
import type { Permission } from '../../src/access/index.js';
import { makeIdNumber } from '../../src/kernel/index.js';

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
const application = () => ({
  child: { idNumber: id('F', '2021-05-05'), name: '矩阵童', kind: 'parents_unknown', disabled: false, inWelfareInstitution: true },
  adopters: [
    { idNumber: id('M', '1985-01-01'), name: '矩阵甲' },
    { idNumber: id('F', '1986-02-02'), name: '矩阵乙' },
  ],
  singleAdopterHasSpouse: false,
  declaredChildren: 0,
  sender: { kind: 'welfare_institution', name: '矩阵儿童福利院' },
});

export const ADOPTION_MATRIX: Record<string, RouteRule> = {
  'POST /api/v1/adoption/checks': { guard: 'adoption.register', body: application },
  'POST /api/v1/adoption/cases': { guard: 'adoption.register', table: 'adoption.cases', body: application },
  'GET /api/v1/adoption/cases': { guard: 'adoption.read', query: () => 'officeId=11' },
  'GET /api/v1/adoption/cases/{id}': { guard: 'adoption.read', params: { id: u }, own: [404], why: 'no case has that id' },
  'POST /api/v1/adoption/cases/{id}/visits': { guard: 'adoption.register', params: { id: u }, body: () => ({ assessor: '矩阵', place: '住所', notes: '走访' }), own: [404], why: 'no case has that id' },
  'POST /api/v1/adoption/cases/{id}/findings': { guard: 'adoption.register', params: { id: u }, body: () => ({ assessor: '矩阵', topic: 'ability', text: '发现' }), own: [404], why: 'no case has that id' },
  'POST /api/v1/adoption/cases/{id}/conclusion': {
    guard: 'adoption.register',
    params: { id: u },
    body: () => ({ assessor: '矩阵', ability: true, health: true, record: true, summary: '适合' }),
    own: [404],
    why: 'no case has that id',
  },
  'POST /api/v1/adoption/cases/{id}/announcement': { guard: 'adoption.register', params: { id: u }, body: () => ({ medium: '矩阵报', text: '公告' }), own: [404], why: 'no case has that id' },
  'POST /api/v1/adoption/cases/{id}/registration': { guard: 'adoption.register', params: { id: u }, body: () => ({ adoptersPresent: [true, true], childConsent: null, senderConsent: true }), own: [404], why: 'no case has that id' },
  'POST /api/v1/adoption/cases/{id}/dissolution': { guard: 'adoption.register', params: { id: u }, body: () => ({ by: 'agreement', adoptersAgree: true, senderAgrees: true, adopteeAgrees: true }), own: [404], why: 'no case has that id' },
  'GET /api/v1/adoption/figures': { guard: 'adoption.figures', query: () => 'fromYear=2024&toYear=2025' },
  'GET /api/v1/adoption/settings': { guard: 'adoption.figures' },
  'PUT /api/v1/adoption/settings/{name}': { guard: 'adoption.configure', table: 'adoption.settings', params: { name: { literal: 'assessment.required' } }, body: () => ({ from: '2030-01-01', value: true, verified: false, source: '矩阵' }) },
};
