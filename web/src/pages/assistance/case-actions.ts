/** Which case actions a user may be offered: the status allows it, the role holds the permission, the case is theirs to work. */
import type { CaseActionCode, CaseDetail } from '../../api/assistance-types.js';

export type ActionKind = 'handle' | 'decide';

export interface ActionSpec {
  action: CaseActionCode;
  label: string;
  kind: ActionKind;
  /** Shown in red: it ends or refuses the application. */
  danger?: boolean;
  primary?: boolean;
}

/** In the order a caseworker meets them (src/assistance/states.ts); street work first, district decisions after. */
export const ACTION_SPECS: ActionSpec[] = [
  { action: 'accept', label: '受理', kind: 'handle', primary: true },
  { action: 'verify', label: '经济状况核对', kind: 'handle', primary: true },
  { action: 'record_visit', label: '登记入户调查', kind: 'handle', primary: true },
  { action: 'start_notice', label: '开始公示', kind: 'handle', primary: true },
  { action: 'record_objection', label: '登记公示异议', kind: 'handle' },
  { action: 'resolve_objection', label: '处理公示异议', kind: 'handle' },
  { action: 'request_material', label: '要求补充材料', kind: 'handle' },
  { action: 'record_review', label: '登记定期复核', kind: 'handle' },
  { action: 'file_paperwork', label: '补办先行救助手续', kind: 'handle', primary: true },
  { action: 'approve', label: '批准', kind: 'decide', primary: true },
  { action: 'review_emergency', label: '先行救助事后审核', kind: 'decide', primary: true },
  { action: 'reject', label: '不予批准', kind: 'decide', danger: true },
  { action: 'suspend', label: '暂停发放', kind: 'decide' },
  { action: 'resume', label: '恢复发放', kind: 'decide' },
  { action: 'stop', label: '终止救助', kind: 'decide', danger: true },
  { action: 'decline', label: '不予受理', kind: 'handle', danger: true },
  { action: 'withdraw', label: '撤回申请', kind: 'handle', danger: true },
];

export interface OfferedAction extends ActionSpec {
  /** Why the button is shown but can not be used: the server's own refusal, in Chinese. */
  disabledReason?: string;
}

/**
 * The server lists the steps this user may be offered and, for each, the reason it would refuse it now
 * (src/assistance/action-rules.ts); the page only adds each step's look.
 */
export function offeredActions(c: CaseDetail): OfferedAction[] {
  return ACTION_SPECS.flatMap((spec) => {
    const offer = c.nextActions.find((o) => o.action === spec.action);
    if (!offer) return [];
    return [offer.allowed ? spec : { ...spec, disabledReason: offer.reason ?? '当前不能办理' }];
  });
}

/** Objections recorded and not yet answered, from the log (the case carries only their count). */
export function openObjections(c: CaseDetail): { seq: number; text: string; onDate: string }[] {
  const resolved = new Set(c.actions.filter((a) => a.action === 'resolve_objection').map((a) => Number(a.payload.objectionSeq)));
  return c.actions.filter((a) => a.action === 'record_objection' && !resolved.has(a.seq)).map((a) => ({ seq: a.seq, text: typeof a.payload.objection === 'string' ? a.payload.objection : (a.reason ?? ''), onDate: a.onDate }));
}

/** The amount the last verification found, which an approval of a monthly programme confirms. */
export function lastVerifiedAmount(c: CaseDetail): number | null {
  const verify = [...c.actions].reverse().find((a) => a.action === 'verify');
  return verify && typeof verify.payload.amountFen === 'number' ? verify.payload.amountFen : null;
}

export function proposedAmount(c: CaseDetail): number | null {
  const visit = [...c.actions].reverse().find((a) => a.action === 'record_visit' && typeof a.payload.proposedAmountFen === 'number');
  return visit ? Number(visit.payload.proposedAmountFen) : null;
}
