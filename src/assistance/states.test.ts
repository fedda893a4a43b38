import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/index.js';
import { allowedActions, assertTransition, dueOn, reduceCase, type LoggedAction } from './states.js';

const entry = (seq: number, action: LoggedAction['action'], payload: Record<string, unknown> = {}, actorId: number | null = 7): LoggedAction => ({ seq, action, actorId, onDate: '2024-05-06', payload });

describe('case life cycle', () => {
  it('derives status, acceptor, amount and dates from the log alone', () => {
    const log = [
      entry(1, 'apply', { deadlineOn: '2024-06-20' }),
      entry(2, 'accept', {}, 11),
      entry(3, 'verify', { verificationId: 5, eligible: true, amountFen: 398500, month: '2024-05' }),
      entry(4, 'record_visit'),
      entry(5, 'start_notice', { startsOn: '2024-05-08', endsOn: '2024-05-14' }),
      entry(6, 'record_objection', { objection: '有车' }),
      entry(7, 'resolve_objection', { objectionSeq: 6, upheld: false }),
      entry(8, 'approve', { amountFen: 398500, paymentFrom: '2024-05', nextReviewOn: '2025-05-15' }, 12),
    ];
    const s = reduceCase(log);
    expect(s).toMatchObject({ status: 'in_payment', version: 8, acceptedBy: 11, amountFen: 398500, paymentFrom: '2024-05', reviewDue: '2025-05-15', noticeEndsOn: '2024-05-14' });
    expect(s.objections).toEqual([{ seq: 6, text: '有车', resolved: true }]);
    expect(dueOn(s)).toBe('2025-05-15');
    expect(dueOn(reduceCase(log.slice(0, 3)))).toBe('2024-06-20');
  });

  it('refuses an illegal transition with 409, naming the status and what is allowed', () => {
    let error: unknown;
    try {
      assertTransition('applied', 'approve');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 409, code: 'ASSISTANCE_ILLEGAL_TRANSITION', details: { status: 'applied', action: 'approve', allowed: ['accept', 'decline', 'withdraw', 'request_material'] } });
    expect((error as Error).message).toBe('案件当前状态为「已申请」，不能执行「批准」。当前可执行的操作：受理、不予受理、撤回申请、要求补充材料。');
    expect(() => assertTransition('stopped', 'resume')).toThrow('该案件已结束，不能再执行任何操作');
  });

  it('keeps status on verify after acceptance, and lists only human actions as allowed', () => {
    expect(reduceCase([entry(1, 'apply'), entry(2, 'accept'), entry(3, 'verify', { eligible: false }), entry(4, 'verify', { eligible: true })]).status).toBe('verified');
    expect(allowedActions('in_payment')).toEqual(['verify', 'suspend', 'record_review', 'stop']);
    expect(allowedActions('completed')).toEqual([]);
  });

  it('treats a corrupt log as a bug, not a state', () => {
    expect(() => reduceCase([entry(1, 'apply'), entry(2, 'approve')])).toThrow(/not allowed in applied/);
  });
});
