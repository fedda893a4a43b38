/**
 * Applying, and the one frame every later action on a case runs in: lock the case, authorise (permission,
 * jurisdiction, audit), the close-relative rule, the transition rule, four eyes for decisions, then the
 * action's own checks, the append and the projection — one transaction.
 */
import type { Actor } from '../access/index.js';
import { addDays, addMonthsToDate, conflict, invalid, isValidDate, notFound, type DomainEvent, type IsoDate } from '../kernel/index.js';
import { caseRuleRefusal, conflictOfInterest, fourEyes } from './action-rules.js';
import { appendAction, loadLog, lockCase, logged, projection, type CaseRow } from './case-log.js';
import { maskAccount, tables, type AssistanceDeps } from './deps.js';
import { emitEvent, guardedTransaction, type AssistanceTrx } from './guard.js';
import { PROGRAMMES, MONTHLY_CASH, programmeNames, type AssistanceProgramme, type CaseAction, type CaseDetail } from './model.js';
import { readHousehold } from './ports.js';
import { caseDetail } from './queries.js';
import { conflictedStaff } from './relatives.js';
import { loadSettings, type AssistanceSettings } from './settings.js';

export { addDays, addMonthsToDate };
import { assertTransition, reduceCase, TRANSITIONS, type Action, type CaseState } from './states.js';

export interface BankAccountInput {
  holderName: string;
  bankName: string;
  accountNo: string;
}

export interface ApplyInput {
  programme: AssistanceProgramme;
  householdId: number;
  applicantPersonId: number;
  /** 特困供养 is a person programme: the member it is for. */
  beneficiaryPersonId?: number;
  reason: string;
  /** Defaults to today; a paper application entered later keeps its own date. */
  appliedOn?: IsoDate;
  bankAccount?: BankAccountInput;
  /** 急难型临时救助 (加急办理): only for 临时救助. */
  urgent?: boolean;
}

const streetOf = (code: string) => `${code.slice(0, 9)}000`;
const districtOf = (code: string) => `${code.slice(0, 6)}000000`;

/** 申请: received by the street of the applicant's household registration (户籍地街镇). */
export async function applyForAssistance(deps: AssistanceDeps, actor: Actor, input: ApplyInput): Promise<CaseDetail> {
  const today = deps.clock.today();
  if (!PROGRAMMES.includes(input.programme)) throw invalid('ASSISTANCE_UNKNOWN_PROGRAMME', `未知救助项目：${String(input.programme)}`);
  const reason = (input.reason ?? '').trim();
  if (!reason) throw invalid('ASSISTANCE_REASON_REQUIRED', '请填写申请理由');
  const appliedOn = input.appliedOn ?? today;
  if (!isValidDate(appliedOn) || appliedOn > today) throw invalid('ASSISTANCE_INVALID_DATE', '申请日期须为有效日期且不晚于今天');
  const paid = MONTHLY_CASH.includes(input.programme) || input.programme === 'temporary';
  // 急难型临时救助 may be paid at once in cash or in kind (先行救助); the ordinary approval asks for the account then.
  if (paid && !input.bankAccount && !input.urgent) throw invalid('ASSISTANCE_BANK_ACCOUNT_REQUIRED', '现金救助须提供收款银行账户');
  if (input.urgent && input.programme !== 'temporary') throw invalid('ASSISTANCE_URGENT_ONLY_TEMPORARY', '只有临时救助（急难型）可以加急办理');
  if (input.bankAccount && !/^\d{12,30}$/.test(input.bankAccount.accountNo)) throw invalid('ASSISTANCE_INVALID_ACCOUNT', '银行账号须为12–30位数字');

  const household = await readHousehold(deps.db, actor, input.householdId);
  const applicant = household.members.find((m) => m.id === input.applicantPersonId);
  if (!applicant) throw invalid('ASSISTANCE_APPLICANT_NOT_MEMBER', `申请人 ${input.applicantPersonId} 不是家庭 ${input.householdId} 的现有成员`);
  if (input.programme === 'destitute' && !household.members.some((m) => m.id === input.beneficiaryPersonId)) {
    throw invalid('ASSISTANCE_BENEFICIARY_REQUIRED', '特困供养须指定本户的供养对象');
  }
  if (!applicant.hukouDivision.startsWith('31')) throw invalid('ASSISTANCE_NOT_SHANGHAI_HUKOU', '申请人非本市户籍，应向户籍地申请社会救助');
  const street = streetOf(applicant.hukouDivision);
  const beneficiary = input.programme === 'destitute' ? (input.beneficiaryPersonId ?? null) : null;

  return guardedTransaction(tables(deps), actor, async (trx, gate) => {
    const request = { permission: 'assistance.handle' as const, action: 'assistance.case.apply', entityType: 'household', entityId: input.householdId, divisionCodes: [street], detail: { programme: input.programme } };
    await gate.allow(request);
    const memberIds = household.members.map((m) => m.id);
    const relatives = await trx.selectFrom('assistance.staff_relatives').select('person_id').where('staff_user_id', '=', actor.userId).where('person_id', 'in', memberIds).execute();
    if (relatives.length) gate.refuse(request, conflictOfInterest());
    const settings = await loadSettings(trx, today);
    const payload = { appliedOn, deadlineOn: addDays(appliedOn, settings.decisionDeadlineDays), memberIds, ...(input.urgent ? { urgent: true } : {}) };
    const state = reduceCase([{ seq: 1, action: 'apply', actorId: actor.userId, onDate: today, payload }]);
    const open = await trx
      .selectFrom('assistance.cases')
      .select('id')
      .where('household_id', '=', input.householdId)
      .where('programme', '=', input.programme)
      .where('status', 'not in', ['rejected', 'not_accepted', 'withdrawn', 'stopped', 'completed'])
      .where((eb) => (beneficiary === null ? eb('beneficiary_person_id', 'is', null) : eb('beneficiary_person_id', '=', beneficiary)))
      .executeTakeFirst();
    if (open) throw alreadyOpen(input.programme, open.id);
    const row = await trx
      .insertInto('assistance.cases')
      .values({
        programme: input.programme,
        household_id: input.householdId,
        applicant_person_id: input.applicantPersonId,
        beneficiary_person_id: beneficiary,
        applicant_name: applicant.name,
        street_code: street,
        district_code: districtOf(street),
        division_code: household.divisionCode,
        applied_on: appliedOn,
        created_by: actor.userId,
        urgent: input.urgent === true,
        ...projection(state),
        version: 0,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        // Two applications at the same moment: the partial unique index lets one through.
        if ((error as { code?: string }).code === '23505') throw alreadyOpen(input.programme);
        throw error;
      });
    await trx
      .insertInto('assistance.case_persons')
      .values(memberIds.map((person_id) => ({ case_id: row.id, person_id })))
      .execute();
    if (input.bankAccount) {
      const { holderName, bankName, accountNo } = input.bankAccount;
      await trx
        .insertInto('assistance.payee_accounts')
        .values({ case_id: row.id, holder_name: holderName, bank_name: bankName, account_enc: deps.accounts.encrypt(accountNo), account_masked: maskAccount(accountNo) })
        .execute();
    }
    await appendAction(trx, row, [], { action: 'apply', actor, onDate: today, reason, payload });
    return caseDetail(trx, row.id, today, actor);
  });
}

const alreadyOpen = (programme: AssistanceProgramme, caseId?: number) => conflict('ASSISTANCE_CASE_ALREADY_OPEN', `该家庭已有在办的${programmeNames[programme]}案件${caseId ? `（案件 ${caseId}）` : ''}，不能重复申请`);

export { conflictOfInterest };

export interface ActContext {
  trx: AssistanceTrx;
  row: CaseRow;
  log: CaseAction[];
  state: CaseState;
  settings: AssistanceSettings;
  today: IsoDate;
  actor: Actor;
}

export interface Prepared {
  reason?: string | null;
  payload?: Record<string, unknown>;
  /** Published in the same transaction (e.g. `assistance.case.approved`). */
  event?: DomainEvent;
}

/** Runs one action by a person on a case; see the file comment for the order of checks. */
export async function act(deps: AssistanceDeps, actor: Actor, caseId: number, action: Action, prepare: (c: ActContext) => Prepared | Promise<Prepared>): Promise<CaseDetail> {
  const today = deps.clock.today();
  const kind = TRANSITIONS[action].kind;
  if (kind === 'system' || action === 'apply') throw new Error(`${action} is not a user action`);
  return guardedTransaction(tables(deps), actor, async (trx, gate) => {
    const permission = kind === 'decide' ? ('assistance.decide' as const) : ('assistance.handle' as const);
    const request = { permission, action: `assistance.case.${action}`, entityType: 'assistance_case', entityId: caseId };
    const row = await lockCase(trx, caseId);
    if (!row) {
      await gate.allow(request);
      throw notFound('ASSISTANCE_CASE_NOT_FOUND', `救助案件 ${caseId} 不存在`);
    }
    await gate.allow({ ...request, divisionCodes: [row.street_code] });
    if ((await conflictedStaff(trx, caseId)).includes(actor.userId)) gate.refuse(request, conflictOfInterest());
    const log = await loadLog(trx, caseId);
    const state = reduceCase(log.map(logged));
    assertTransition(state.status, action);
    if (kind === 'decide' && state.acceptedBy === actor.userId) gate.refuse(request, fourEyes());
    const refusal = caseRuleRefusal(action, { state, programme: row.programme, today });
    if (refusal) throw refusal;
    const settings = await loadSettings(trx, today);
    const prepared = await prepare({ trx, row, log, state, settings, today, actor });
    await appendAction(trx, row, log, { action, actor, onDate: today, reason: prepared.reason ?? null, payload: prepared.payload });
    if (prepared.event) await emitEvent(trx, prepared.event);
    return caseDetail(trx, caseId, today, actor);
  });
}

/** A reason is the trace of a decision; refuse an empty one before anything is written. */
export function requireReason(reason: string | undefined, what: string): string {
  const text = (reason ?? '').trim();
  if (!text) throw invalid('ASSISTANCE_REASON_REQUIRED', `${what}须填写理由`);
  if (text.length > 2000) throw invalid('ASSISTANCE_REASON_TOO_LONG', `${what}理由不超过2000字`);
  return text;
}
