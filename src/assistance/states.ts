/**
 * The case life cycle as data: which action is allowed in which status, and the pure reducer that derives
 * a case's state from its action log. Nothing here does I/O, so the projection in assistance.cases can
 * always be rebuilt from the log and checked against it.
 */
import { DomainError, type Fen, type IsoDate, type Month } from '../kernel/index.js';

export const STATUSES = ['applied', 'accepted', 'verified', 'visited', 'in_notice', 'in_payment', 'suspended', 'rejected', 'not_accepted', 'withdrawn', 'stopped', 'completed', 'emergency_paid'] as const;
export type Status = (typeof STATUSES)[number];

export const statusNames: Record<Status, string> = {
  applied: '已申请',
  accepted: '已受理',
  verified: '已完成经济状况核对',
  visited: '已入户调查',
  in_notice: '公示中',
  in_payment: '救助中',
  suspended: '暂停发放',
  rejected: '不予批准',
  not_accepted: '不予受理',
  withdrawn: '已撤回',
  stopped: '已终止',
  completed: '已办结',
  emergency_paid: '先行救助已发放，待补办手续',
};

export const TERMINAL: readonly Status[] = ['rejected', 'not_accepted', 'withdrawn', 'stopped', 'completed'];
export const BEFORE_DECISION: readonly Status[] = ['applied', 'accepted', 'verified', 'visited', 'in_notice'];

/** Who may take an action: street work (受理、核对、入户、公示), district decisions, or only the system. */
export type ActionKind = 'handle' | 'decide' | 'system';

interface Transition {
  name: string;
  kind: ActionKind;
  from: readonly Status[];
  /** 'same': the action is recorded without changing the status. */
  to: Status | 'same';
  /** A decision-maker may also be the system (a death stops the case; a run suspends it). */
  systemToo?: boolean;
  /** Only for an urgent 临时救助 (急难型): left out of the actions a status lists, offered on such cases only. */
  urgentOnly?: boolean;
  /** 补发与追缴: offered on the case's adjustments card, not among the workflow's next steps. */
  ledger?: boolean;
}

export const TRANSITIONS = {
  apply: { name: '提交申请', kind: 'handle', from: [], to: 'applied' },
  accept: { name: '受理', kind: 'handle', from: ['applied'], to: 'accepted' },
  decline: { name: '不予受理', kind: 'handle', from: ['applied'], to: 'not_accepted' },
  withdraw: { name: '撤回申请', kind: 'handle', from: ['applied', 'accepted', 'verified', 'visited', 'in_notice'], to: 'withdrawn' },
  verify: { name: '经济状况核对', kind: 'handle', from: ['accepted', 'verified', 'visited', 'in_notice', 'in_payment', 'suspended'], to: 'same' },
  record_visit: { name: '登记入户调查', kind: 'handle', from: ['verified', 'visited'], to: 'visited' },
  start_notice: { name: '开始公示', kind: 'handle', from: ['visited'], to: 'in_notice' },
  record_objection: { name: '登记公示异议', kind: 'handle', from: ['in_notice'], to: 'same' },
  resolve_objection: { name: '处理公示异议', kind: 'handle', from: ['in_notice'], to: 'same' },
  approve: { name: '批准', kind: 'decide', from: ['in_notice'], to: 'in_payment' },
  reject: { name: '不予批准', kind: 'decide', from: ['verified', 'visited', 'in_notice'], to: 'rejected' },
  suspend: { name: '暂停发放', kind: 'decide', from: ['in_payment'], to: 'suspended', systemToo: true },
  resume: { name: '恢复发放', kind: 'decide', from: ['suspended'], to: 'in_payment' },
  record_review: { name: '登记定期复核', kind: 'handle', from: ['in_payment'], to: 'same' },
  stop: { name: '终止救助', kind: 'decide', from: ['in_payment', 'suspended'], to: 'stopped', systemToo: true },
  complete: { name: '办结', kind: 'system', from: ['in_payment'], to: 'completed' },
  // 补充材料: the caseworker asks the applicant for what the registry lacks; the applicant's upload (居民端) answers it.
  request_material: { name: '要求补充材料', kind: 'handle', from: ['applied', 'accepted', 'verified', 'visited', 'in_notice'], to: 'same' },
  answer_material: { name: '申请人补充材料', kind: 'system', from: ['applied', 'accepted', 'verified', 'visited', 'in_notice'], to: 'same' },
  // 急难型临时救助 先行救助: the street decides and pays at once; paperwork within the configured days, then the district reviews.
  grant_emergency: { name: '先行救助（街镇当场决定并发放）', kind: 'handle', from: ['applied', 'accepted'], to: 'emergency_paid', urgentOnly: true },
  file_paperwork: { name: '补办先行救助手续', kind: 'handle', from: ['emergency_paid'], to: 'same' },
  review_emergency: { name: '先行救助事后审核', kind: 'decide', from: ['emergency_paid'], to: 'completed' },
  // Also on a 先行救助 awaiting its paperwork or review: a death in the household is noted for the district's review.
  // 补发与追缴 (adjustments.ts): also on a stopped case, whose overpayment is still to recover.
  adjust_payments: { name: '追溯调整发放（补发/追缴）', kind: 'decide', from: ['in_payment', 'suspended', 'stopped'], to: 'same', ledger: true },
  record_repayment: { name: '登记退回多发救助金', kind: 'handle', from: ['in_payment', 'suspended', 'stopped'], to: 'same', ledger: true },
  write_off: { name: '核销多发救助金', kind: 'decide', from: ['in_payment', 'suspended', 'stopped'], to: 'same', ledger: true },
  note_change: { name: '登记家庭变化', kind: 'system', from: ['applied', 'accepted', 'verified', 'visited', 'in_notice', 'in_payment', 'suspended', 'emergency_paid'], to: 'same' },
} as const satisfies Record<string, Transition>;

export type Action = keyof typeof TRANSITIONS;
export const ACTIONS = Object.keys(TRANSITIONS) as Action[];
export const actionName = (action: Action): string => TRANSITIONS[action].name;

const fromOf = (action: Action): readonly Status[] => TRANSITIONS[action].from;

/** The actions a status allows, in the order a caseworker meets them. `apply` is never "next". */
export function allowedActions(status: Status): Action[] {
  return ACTIONS.filter((a) => a !== 'apply' && TRANSITIONS[a].kind !== 'system' && !(TRANSITIONS[a] as Transition).urgentOnly && !(TRANSITIONS[a] as Transition).ledger && fromOf(a).includes(status));
}

/** Refuses an action the status does not allow, naming the status and what is allowed instead. */
export function assertTransition(status: Status, action: Action): void {
  if (fromOf(action).includes(status)) return;
  const allowed = allowedActions(status);
  const next = allowed.length ? `当前可执行的操作：${allowed.map(actionName).join('、')}` : '该案件已结束，不能再执行任何操作';
  throw new DomainError('conflict', 'ASSISTANCE_ILLEGAL_TRANSITION', `案件当前状态为「${statusNames[status]}」，不能执行「${actionName(action)}」。${next}。`, { status, action, allowed });
}

export interface LoggedAction {
  seq: number;
  action: Action;
  actorId: number | null;
  onDate: IsoDate;
  payload: Record<string, unknown>;
}

export interface Objection {
  seq: number;
  text: string;
  resolved: boolean;
}

export interface CaseState {
  status: Status;
  version: number;
  acceptedBy: number | null;
  lastVerification: { id: number; seq: number; eligible: boolean; amountFen: Fen; month: Month } | null;
  proposedAmountFen: Fen | null;
  amountFen: Fen | null;
  paymentFrom: Month | null;
  paymentUntil: Month | null;
  noticeEndsOn: IsoDate | null;
  objections: Objection[];
  deadlineOn: IsoDate | null;
  reviewDue: IsoDate | null;
  /** seq of the last approve / resume / review / suspend: a later verification is needed to resume or review. */
  lastMilestoneSeq: number;
  /** 先行救助: the day the paperwork is due, and the day it was filed (null until then). */
  paperworkDueOn: IsoDate | null;
  paperworkFiledOn: IsoDate | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Derives the state from the log. The log is trusted (it was checked when written); a bad entry is a bug. */
export function reduceCase(log: readonly LoggedAction[]): CaseState {
  const s: CaseState = {
    status: 'applied',
    version: 0,
    acceptedBy: null,
    lastVerification: null,
    proposedAmountFen: null,
    amountFen: null,
    paymentFrom: null,
    paymentUntil: null,
    noticeEndsOn: null,
    objections: [],
    deadlineOn: null,
    reviewDue: null,
    lastMilestoneSeq: 0,
    paperworkDueOn: null,
    paperworkFiledOn: null,
  };
  for (const entry of log) {
    const t: Transition = TRANSITIONS[entry.action];
    if (entry.action !== 'apply' && !t.from.includes(s.status)) throw new Error(`case log: ${entry.action} at seq ${entry.seq} not allowed in ${s.status}`);
    const p = entry.payload;
    switch (entry.action) {
      case 'apply':
        s.deadlineOn = str(p.deadlineOn);
        break;
      case 'accept':
        s.acceptedBy = entry.actorId;
        break;
      case 'verify':
        s.lastVerification = { id: num(p.verificationId) ?? 0, seq: entry.seq, eligible: p.eligible === true, amountFen: num(p.amountFen) ?? 0, month: str(p.month) ?? '' };
        if (s.status === 'accepted') s.status = 'verified';
        break;
      case 'record_visit':
        if (num(p.proposedAmountFen) !== null) s.proposedAmountFen = num(p.proposedAmountFen);
        break;
      case 'start_notice':
        s.noticeEndsOn = str(p.endsOn);
        break;
      case 'record_objection':
        s.objections.push({ seq: entry.seq, text: str(p.objection) ?? '', resolved: false });
        break;
      case 'resolve_objection': {
        const o = s.objections.find((x) => x.seq === num(p.objectionSeq));
        if (o) o.resolved = true;
        break;
      }
      case 'approve':
        s.amountFen = num(p.amountFen);
        s.paymentFrom = str(p.paymentFrom);
        s.reviewDue = str(p.nextReviewOn);
        s.lastMilestoneSeq = entry.seq;
        break;
      case 'resume':
      case 'suspend':
        s.lastMilestoneSeq = entry.seq;
        break;
      case 'record_review':
        s.reviewDue = str(p.nextReviewOn);
        s.lastMilestoneSeq = entry.seq;
        break;
      case 'stop':
        s.paymentUntil = str(p.effectiveMonth);
        break;
      case 'complete':
        s.paymentUntil = str(p.nextMonth);
        break;
      case 'grant_emergency':
        // The street's caseworker who decided is the one who may not review it (four eyes, as for acceptance).
        s.acceptedBy ??= entry.actorId;
        s.amountFen = num(p.amountFen);
        s.paymentFrom = str(p.month);
        s.paperworkDueOn = str(p.paperworkDueOn);
        break;
      case 'file_paperwork':
        s.paperworkFiledOn = entry.onDate;
        break;
      case 'review_emergency':
        s.paymentUntil = str(p.nextMonth);
        break;
      case 'note_change':
        if (p.reviewNow === true && (s.reviewDue === null || entry.onDate < s.reviewDue)) s.reviewDue = entry.onDate;
        break;
      default:
        break;
    }
    if (t.to !== 'same') s.status = t.to;
    s.version = entry.seq;
  }
  return s;
}

/** Overdue tracking: the decision deadline before a decision, the review date while paid, the paperwork after 先行救助, nothing after. */
export function dueOn(s: CaseState): IsoDate | null {
  if (BEFORE_DECISION.includes(s.status)) return s.deadlineOn;
  if (s.status === 'emergency_paid') return s.paperworkFiledOn === null ? s.paperworkDueOn : null;
  if (s.status === 'in_payment' || s.status === 'suspended') return s.reviewDue;
  return null;
}
