/**
 * The rules an action on a case must pass that can be known before anyone clicks: who may act (four eyes,
 * recusal) and what the case must show (notice period over, objections answered, a fresh verification).
 * The actions throw these refusals; the case detail lists them beside each action, so a button is
 * disabled with the very sentence the server would answer.
 */
import { type Actor, hasPermission } from '../access/index.js';
import { addMonths, conflict, type DomainError, forbidden, type IsoDate, isWithin, monthOf } from '../kernel/index.js';
import type { ActionOffer, AssistanceProgramme } from './model.js';
import { type Action, actionName, allowedActions, type CaseState, type Status, TRANSITIONS } from './states.js';

export const conflictOfInterest = () => forbidden('ASSISTANCE_CONFLICT_OF_INTEREST', '该案件家庭成员中有您备案的近亲属，按规定您须回避，不能经办或审批此案件');
export const fourEyes = () => forbidden('ASSISTANCE_FOUR_EYES', '受理本案件的经办人不能对同一案件作出审批决定（双人复核）');

export interface RuleCase {
  state: CaseState;
  programme: AssistanceProgramme;
  today: IsoDate;
}

/** A decision rests on a verification of this month or the last one; older facts must be re-checked. */
export function verificationRefusal(c: RuleCase, mustBeEligible: boolean): DomainError | null {
  const v = c.state.lastVerification;
  if (!v) return conflict('ASSISTANCE_NOT_VERIFIED', '尚未进行经济状况核对');
  if (v.month < addMonths(monthOf(c.today), -1)) return conflict('ASSISTANCE_VERIFICATION_STALE', `最近一次经济状况核对为 ${v.month}，已超过一个月，请重新核对后再作决定`);
  if (mustBeEligible && !v.eligible && c.programme !== 'temporary') {
    return conflict('ASSISTANCE_NOT_ELIGIBLE', '最近一次经济状况核对结论为不符合条件，应作出不予批准（或终止）决定');
  }
  return null;
}

/** Since the last approval, review or suspension, resuming or reviewing needs a new verification. */
const reverified = (c: RuleCase, message: string): DomainError | null => (c.state.lastVerification && c.state.lastVerification.seq < c.state.lastMilestoneSeq ? conflict('ASSISTANCE_REVERIFY_REQUIRED', message) : null);

/** What the case itself must show before the action (the status already allows it). Null: nothing stands in the way. */
export function caseRuleRefusal(action: Action, c: RuleCase): DomainError | null {
  const open = c.state.objections.filter((o) => !o.resolved).length;
  switch (action) {
    case 'approve':
      if (c.state.noticeEndsOn === null || c.today <= c.state.noticeEndsOn) {
        return conflict('ASSISTANCE_NOTICE_NOT_ENDED', `公示期至 ${c.state.noticeEndsOn ?? '—'} 止，公示期满后方可作出审批决定`);
      }
      if (open) return conflict('ASSISTANCE_OBJECTIONS_OPEN', `尚有 ${open} 条公示异议未处理，处理后方可审批`);
      return verificationRefusal(c, true);
    case 'resolve_objection':
      return open ? null : conflict('ASSISTANCE_NO_OPEN_OBJECTION', '没有待处理的公示异议');
    case 'resume':
      return verificationRefusal(c, true) ?? reverified(c, '暂停后须重新进行经济状况核对，方可恢复发放');
    case 'record_review':
      return verificationRefusal(c, true) ?? reverified(c, '复核须先重新进行经济状况核对');
    case 'review_emergency':
      return c.state.paperworkFiledOn === null ? conflict('ASSISTANCE_PAPERWORK_MISSING', `先行救助手续尚未补办（期限 ${c.state.paperworkDueOn ?? '—'}），补办后方可审核`) : null;
    case 'file_paperwork':
      return c.state.paperworkFiledOn !== null ? conflict('ASSISTANCE_PAPERWORK_FILED', `先行救助手续已于 ${c.state.paperworkFiledOn} 补办`) : null;
    default:
      return null;
  }
}

export interface OfferCase extends RuleCase {
  streetCode: string;
  status: Status;
  /** Staff who must recuse themselves (a filed close relative in the household). */
  conflicted: readonly number[];
  /** 急难型临时救助: 先行救助 is offered too. */
  urgent?: boolean;
}

/**
 * The next steps this actor may be offered, each with whether it can be taken now. Actions outside the
 * actor's role or jurisdiction are left out: they are not this person's work, not a rule to explain.
 */
export function actionOffers(c: OfferCase, actor: Actor): ActionOffer[] {
  if (!isWithin(c.streetCode, actor.jurisdiction)) return [];
  const emergency: Action[] = c.urgent && c.programme === 'temporary' && TRANSITIONS.grant_emergency.from.some((s) => s === c.status) ? ['grant_emergency'] : [];
  return [...allowedActions(c.status), ...emergency]
    .filter((action) => hasPermission(actor.role, TRANSITIONS[action].kind === 'decide' ? 'assistance.decide' : 'assistance.handle'))
    .map((action) => {
      const refusal = c.conflicted.includes(actor.userId) ? conflictOfInterest() : TRANSITIONS[action].kind === 'decide' && c.state.acceptedBy === actor.userId ? fourEyes() : caseRuleRefusal(action, c);
      return { action, name: actionName(action), allowed: refusal === null, reason: refusal?.message ?? null };
    });
}
