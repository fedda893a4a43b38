/**
 * Rules before the click: the case detail lists each next step with the reason the server would refuse
 * it, from the same functions `act` throws. Worked cases on a case in 公示 (notice 2024-05-08 to 05-14).
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import { actionOffers, caseRuleRefusal } from './action-rules.js';
import { reduceCase, type LoggedAction } from './states.js';

const entry = (seq: number, action: LoggedAction['action'], payload: Record<string, unknown> = {}, actorId: number | null = 11): LoggedAction => ({ seq, action, actorId, onDate: '2024-05-06', payload });
const WEIFANG = '310115004000';
const inNotice = [
  entry(1, 'apply', { deadlineOn: '2024-06-20' }),
  entry(2, 'accept', {}, 11),
  entry(3, 'verify', { verificationId: 5, eligible: true, amountFen: 398500, month: '2024-05' }),
  entry(4, 'record_visit'),
  entry(5, 'start_notice', { startsOn: '2024-05-08', endsOn: '2024-05-14' }),
];
const district: Actor = { userId: 12, username: 'pudong', displayName: '浦东 王科长', role: 'district_staff', jurisdiction: '310115000000' };
const acceptor: Actor = { userId: 11, username: 'weifang', displayName: '潍坊 李经办', role: 'street_caseworker', jurisdiction: WEIFANG };
const offersOn = (log: LoggedAction[], today: string, actor: Actor, conflicted: number[] = []) => {
  const state = reduceCase(log);
  return actionOffers({ state, programme: 'dibao', today, streetCode: WEIFANG, status: state.status, conflicted }, actor);
};

describe('rules known before the click', () => {
  it('批准 during 公示 is offered disabled with the date the notice ends; the day after it is allowed', () => {
    // The notice runs to 05-14 inclusive, so 05-14 is still inside it and 05-15 is the first day to decide.
    expect(offersOn(inNotice, '2024-05-14', district).find((o) => o.action === 'approve')).toEqual({ action: 'approve', name: '批准', allowed: false, reason: '公示期至 2024-05-14 止，公示期满后方可作出审批决定' });
    expect(offersOn(inNotice, '2024-05-15', district).find((o) => o.action === 'approve')).toEqual({ action: 'approve', name: '批准', allowed: true, reason: null });
    // 不予批准 has no such rule: it may be decided during the notice.
    expect(offersOn(inNotice, '2024-05-14', district).find((o) => o.action === 'reject')?.allowed).toBe(true);
  });

  it('an open objection blocks 批准 with its count, and 处理公示异议 is only offered when one is open', () => {
    const withObjection = [...inNotice, entry(6, 'record_objection', { objection: '有车' })];
    expect(caseRuleRefusal('approve', { state: reduceCase(withObjection), programme: 'dibao', today: '2024-05-20' })?.message).toBe('尚有 1 条公示异议未处理，处理后方可审批');
    expect(caseRuleRefusal('resolve_objection', { state: reduceCase(withObjection), programme: 'dibao', today: '2024-05-20' })).toBeNull();
    expect(caseRuleRefusal('resolve_objection', { state: reduceCase(inNotice), programme: 'dibao', today: '2024-05-20' })?.message).toBe('没有待处理的公示异议');
  });

  it('a verification older than last month is stale: 2024-05 on 2024-07-01 must be re-checked', () => {
    expect(caseRuleRefusal('approve', { state: reduceCase(inNotice), programme: 'dibao', today: '2024-06-30' })).toBeNull();
    expect(caseRuleRefusal('approve', { state: reduceCase(inNotice), programme: 'dibao', today: '2024-07-01' })).toMatchObject({
      code: 'ASSISTANCE_VERIFICATION_STALE',
      message: '最近一次经济状况核对为 2024-05，已超过一个月，请重新核对后再作决定',
    });
  });

  it('the street caseworker who accepted sees the street work (asking the applicant for material included), not the district decisions; a recused officer sees every step refused', () => {
    expect(offersOn(inNotice, '2024-05-15', acceptor).map((o) => o.action)).toEqual(['withdraw', 'verify', 'record_objection', 'resolve_objection', 'request_material']);
    const recused = offersOn(inNotice, '2024-05-15', district, [12]);
    expect(recused.every((o) => !o.allowed && o.reason === '该案件家庭成员中有您备案的近亲属，按规定您须回避，不能经办或审批此案件')).toBe(true);
    // A district officer also holds the street's work (受理…公示异议) besides the decisions.
    expect(recused.map((o) => o.action)).toEqual(['withdraw', 'verify', 'record_objection', 'resolve_objection', 'approve', 'reject', 'request_material']);
  });

  it('four eyes: a district officer who accepted the case may not decide it', () => {
    const acceptedByDistrict = inNotice.map((e) => (e.action === 'accept' ? { ...e, actorId: 12 } : e));
    const decisions = offersOn(acceptedByDistrict, '2024-05-15', district).filter((o) => o.action === 'approve' || o.action === 'reject');
    expect(decisions.map((o) => o.reason)).toEqual(['受理本案件的经办人不能对同一案件作出审批决定（双人复核）', '受理本案件的经办人不能对同一案件作出审批决定（双人复核）']);
  });

  it('nothing is offered outside the jurisdiction', () => {
    expect(offersOn(inNotice, '2024-05-15', { ...acceptor, jurisdiction: '310115005000' })).toEqual([]);
  });
});
