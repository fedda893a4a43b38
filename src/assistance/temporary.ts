/**
 * 临时救助 as a programme of its own (issue 23). The ordinary track is the case workflow (apply, verify, visit
 * with a proposal, notice, approve, paid by the month's run); this file adds what is particular to it:
 *
 * - the amount rule: per household member, a multiple of the month's 低保 standard by hardship type
 *   (`temporary.multiplier.<type>`, ‰), never above the single ceiling (`temporary.ceilingFen`);
 * - the yearly cap: a household's 临时救助 paid in the 12 calendar months up to this one, plus any approved and
 *   not yet paid, plus this one, may not exceed `temporary.yearlyCapFen`;
 * - the emergency track (先行救助, 急难型): the street decides and pays at once, in cash or in kind, up to
 *   `temporary.emergencyLimitFen`; the paperwork is due within `temporary.paperworkDays` days (overdue after),
 *   then the district reviews it (four eyes: not the caseworker who paid).
 *
 * An immediate payment is a row of the one payment ledger (assistance.payments) with `channel` cash or in_kind
 * and run_id 0: it belongs to no run's bank file, and the month's run does not pay the case again.
 * Every figure is a dated setting, unverified (POLICY-FACTS §1.4: no Shanghai amounts found).
 */
import type { Actor } from '../access/index.js';
import { addDays, addMonths, conflict, formatYuan, invalid, monthOf, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { resolveParameter } from '../policy/index.js';
import { act, applyForAssistance, requireReason, type ApplyInput } from './cases.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead, emitEvent, type AssistanceTrx } from './guard.js';
import type { CaseDetail } from './model.js';
import { ensurePaymentPartition, paidEvent } from './payments.js';
import { engineParameters, readHousehold } from './ports.js';
import { HARDSHIP_TYPES, hardshipNames, loadSettings, type AssistanceSettings, type HardshipType } from './settings.js';

export const RELIEF_FORMS = ['cash', 'in_kind'] as const;
export type ReliefForm = (typeof RELIEF_FORMS)[number];
export const reliefFormNames: Record<ReliefForm, string> = { cash: '现金', in_kind: '实物' };

/** One 临时救助 of a household in the window: paid (with its month and channel) or approved and awaiting the run. */
export interface ReliefRecord {
  caseId: number;
  month: Month | null;
  amountFen: Fen;
  state: 'paid' | 'approved';
  channel: 'bank' | 'cash' | 'in_kind' | null;
}

export interface ReliefLimits {
  householdSize: number;
  standardFen: Fen;
  hardshipType: HardshipType | null;
  multiplierPermille: number | null;
  /** standard × size × multiplier (floor to the fen); null without a hardship type. */
  ruleLimitFen: Fen | null;
  ceilingFen: Fen;
  yearlyCapFen: Fen;
  usedFen: Fen;
  remainingFen: Fen;
  emergencyLimitFen: Fen;
  /** The most one ordinary relief may be now, and one 先行救助. */
  maxFen: Fen;
  maxEmergencyFen: Fen;
  paperworkDays: number;
  /** The window's first month (12 calendar months up to the month asked for). */
  windowFrom: Month;
  reliefs: ReliefRecord[];
  /** The rule in words, each figure with where it comes from. */
  explanation: string[];
}

/**
 * The limits, pure: 单次 = min(上限, 低保标准 × 人数 × 倍数), 年度剩余 = 年度上限 − 已救助, 先行救助另受当场上限.
 * Worked: 1 595 元 × 3 人 × 2 倍 = 9 570 元 > 4 785 元 上限 → 4 785 元.
 */
export function reliefLimits(input: { settings: AssistanceSettings; standardFen: Fen; householdSize: number; hardshipType: HardshipType | null; reliefs: ReliefRecord[]; windowFrom: Month }): ReliefLimits {
  const { settings, standardFen, householdSize, hardshipType } = input;
  const multiplierPermille = hardshipType ? settings.temporaryMultiplierPermille[hardshipType] : null;
  const ruleLimitFen = multiplierPermille === null ? null : Math.floor((standardFen * householdSize * multiplierPermille) / 1000);
  const ceilingFen = settings.temporaryCeilingFen;
  const single = ruleLimitFen === null ? ceilingFen : Math.min(ruleLimitFen, ceilingFen);
  const usedFen = input.reliefs.reduce((n, r) => n + r.amountFen, 0);
  const remainingFen = Math.max(0, settings.temporaryYearlyCapFen - usedFen);
  const maxFen = Math.min(single, remainingFen);
  const maxEmergencyFen = Math.min(maxFen, settings.temporaryEmergencyLimitFen);
  const explanation = [
    hardshipType && multiplierPermille !== null
      ? `金额规则（${hardshipNames[hardshipType]}）：低保标准 ${formatYuan(standardFen)} 元 × ${householdSize} 人 × ${multiplierPermille / 1000} 倍 = ${formatYuan(ruleLimitFen ?? 0)} 元`
      : '未选择困难类型：只按单次上限控制',
    `单次上限 ${formatYuan(ceilingFen)} 元`,
    `同一家庭 ${input.windowFrom} 以来（12个月内）已获临时救助 ${formatYuan(usedFen)} 元，年度累计上限 ${formatYuan(settings.temporaryYearlyCapFen)} 元，尚可救助 ${formatYuan(remainingFen)} 元`,
    `先行救助当场发放上限 ${formatYuan(settings.temporaryEmergencyLimitFen)} 元，发放后 ${settings.temporaryPaperworkDays} 天内补办手续`,
  ];
  return {
    householdSize,
    standardFen,
    hardshipType,
    multiplierPermille,
    ruleLimitFen,
    ceilingFen,
    yearlyCapFen: settings.temporaryYearlyCapFen,
    usedFen,
    remainingFen,
    emergencyLimitFen: settings.temporaryEmergencyLimitFen,
    maxFen,
    maxEmergencyFen,
    paperworkDays: settings.temporaryPaperworkDays,
    windowFrom: input.windowFrom,
    reliefs: input.reliefs,
    explanation,
  };
}

/** Refuses an amount above what the limits allow, naming the limit it passes; nothing is written before. */
export function assertReliefAmount(amountFen: Fen, limits: ReliefLimits, track: 'ordinary' | 'emergency'): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw invalid('ASSISTANCE_AMOUNT_REQUIRED', '临时救助金额须为正整数（分）');
  if (amountFen > limits.ceilingFen) throw invalid('ASSISTANCE_AMOUNT_OVER_CEILING', `临时救助金额 ${formatYuan(amountFen)} 元超过单次上限 ${formatYuan(limits.ceilingFen)} 元`);
  if (limits.ruleLimitFen !== null && amountFen > limits.ruleLimitFen) {
    throw invalid('ASSISTANCE_AMOUNT_OVER_RULE', `临时救助金额 ${formatYuan(amountFen)} 元超过金额规则：${limits.explanation[0]}`);
  }
  if (amountFen > limits.remainingFen) {
    throw invalid(
      'ASSISTANCE_OVER_YEARLY_CAP',
      `本户12个月内已获临时救助 ${formatYuan(limits.usedFen)} 元，加上本次 ${formatYuan(amountFen)} 元超过年度累计上限 ${formatYuan(limits.yearlyCapFen)} 元（尚可救助 ${formatYuan(limits.remainingFen)} 元）`,
    );
  }
  if (track === 'emergency' && amountFen > limits.emergencyLimitFen) {
    throw invalid('ASSISTANCE_OVER_EMERGENCY_LIMIT', `先行救助金额 ${formatYuan(amountFen)} 元超过街镇当场发放上限 ${formatYuan(limits.emergencyLimitFen)} 元；超出部分请按一般程序申请`);
  }
}

/** The household's 临时救助 in the 12 calendar months up to `month` (paid), and approved ones not yet paid. */
export async function reliefsOf(db: AssistanceTrx, householdId: number, month: Month, exceptCaseId?: number): Promise<ReliefRecord[]> {
  const windowFrom = addMonths(month, -11);
  const paid = await db
    .selectFrom('assistance.payments')
    .select(['case_id', 'month', 'amount_fen', 'channel'])
    .where('household_id', '=', householdId)
    .where('programme', '=', 'temporary')
    .where('status', '=', 'paid')
    .where('month', '>=', windowFrom)
    .where('month', '<=', month)
    .orderBy('month')
    .orderBy('case_id')
    .execute();
  const paidCases = new Set(paid.map((p) => p.case_id));
  const approved = await db.selectFrom('assistance.cases').select(['id', 'amount_fen']).where('household_id', '=', householdId).where('programme', '=', 'temporary').where('status', '=', 'in_payment').orderBy('id').execute();
  return [
    ...paid.map((p): ReliefRecord => ({ caseId: p.case_id, month: p.month, amountFen: p.amount_fen, state: 'paid', channel: p.channel })),
    ...approved.filter((a) => !paidCases.has(a.id) && a.amount_fen !== null).map((a): ReliefRecord => ({ caseId: a.id, month: null, amountFen: a.amount_fen ?? 0, state: 'approved', channel: null })),
  ].filter((r) => r.caseId !== exceptCaseId);
}

/** The 低保 standard in force for the month (the engine's parameter table, administrators' values included). */
export async function standardOf(deps: AssistanceDeps, month: Month): Promise<Fen> {
  const p = resolveParameter(await engineParameters(deps.db), 'dibao.standard', month);
  if (typeof p.value !== 'number') throw new Error('dibao.standard is not a scalar');
  return p.value;
}

export async function limitsFor(
  db: AssistanceTrx,
  input: { settings: AssistanceSettings; standardFen: Fen; householdId: number; householdSize: number; hardshipType: HardshipType | null; today: IsoDate; exceptCaseId?: number },
): Promise<ReliefLimits> {
  const month = monthOf(input.today);
  const reliefs = await reliefsOf(db, input.householdId, month, input.exceptCaseId);
  return reliefLimits({ ...input, reliefs, windowFrom: addMonths(month, -11) });
}

function hardshipOf(value: unknown): HardshipType {
  if (!HARDSHIP_TYPES.includes(value as HardshipType)) throw invalid('ASSISTANCE_UNKNOWN_HARDSHIP', `请选择困难类型：${HARDSHIP_TYPES.map((t) => hardshipNames[t]).join('、')}`);
  return value as HardshipType;
}

/** What a caseworker sees before the click: the household's limits, its reliefs of the last 12 months, the rule. */
export async function temporaryPreview(deps: AssistanceDeps, actor: Actor, input: { householdId: number; hardshipType?: HardshipType }): Promise<ReliefLimits & { householdId: number; householdName: string }> {
  const today = deps.clock.today();
  const hardshipType = input.hardshipType === undefined ? null : hardshipOf(input.hardshipType);
  const household = await readHousehold(deps.db, actor, input.householdId);
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'assistance.read', action: 'assistance.temporary.preview', entityType: 'household', entityId: input.householdId, divisionCodes: [household.divisionCode] });
  const settings = await loadSettings(db, today);
  const standardFen = await standardOf(deps, monthOf(today));
  const limits = await limitsFor(db, { settings, standardFen, householdId: input.householdId, householdSize: household.members.length, hardshipType, today });
  const head = household.members.find((m) => m.relation === 'head') ?? household.members[0];
  return { householdId: input.householdId, householdName: head ? `${head.name}户` : `家庭 ${input.householdId}`, ...limits };
}

export interface EmergencyGrantInput {
  amountFen: Fen;
  hardshipType: HardshipType;
  form: ReliefForm;
  /** 实物: what was handed over. */
  items?: string;
  /** What the caseworker found on the spot. */
  findings: string;
}

/** 先行救助: the street decides and pays at once (an urgent 临时救助 case, before any other decision). */
export async function grantEmergency(deps: AssistanceDeps, actor: Actor, caseId: number, input: EmergencyGrantInput): Promise<CaseDetail> {
  const today = deps.clock.today();
  const month = monthOf(today);
  const hardshipType = hardshipOf(input.hardshipType);
  if (!RELIEF_FORMS.includes(input.form)) throw invalid('ASSISTANCE_UNKNOWN_FORM', '救助方式须为现金或实物');
  const items = input.items?.trim() ?? '';
  if (input.form === 'in_kind' && !items) throw invalid('ASSISTANCE_ITEMS_REQUIRED', '实物救助须写明发放的物品');
  const findings = requireReason(input.findings, '现场情况');
  // Read before the case is locked: the engine's parameters and the month's partition are outside the case.
  const standardFen = await standardOf(deps, month);
  await ensurePaymentPartition(tables(deps), month);
  return act(deps, actor, caseId, 'grant_emergency', async (c) => {
    if (c.row.programme !== 'temporary' || !c.row.urgent) throw conflict('ASSISTANCE_EMERGENCY_ONLY_URGENT', '先行救助只适用于急难型（加急）临时救助案件');
    const size = Number(
      (
        await c.trx
          .selectFrom('assistance.case_persons')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const limits = await limitsFor(c.trx, { settings: c.settings, standardFen, householdId: c.row.household_id, householdSize: size, hardshipType, today, exceptCaseId: caseId });
    assertReliefAmount(input.amountFen, limits, 'emergency');
    const channel = input.form === 'cash' ? 'cash' : 'in_kind';
    await c.trx
      .insertInto('assistance.payments')
      .values({
        month,
        case_id: caseId,
        run_id: 0,
        district_code: c.row.district_code,
        street_code: c.row.street_code,
        programme: 'temporary',
        household_id: c.row.household_id,
        amount_fen: input.amountFen,
        status: 'paid',
        standard_fen: standardFen,
        rule_version: 'assistance.temporary.emergency',
        note: input.form === 'in_kind' ? `先行救助（实物）：${items}` : '先行救助（现金，街镇当场发放）',
        channel,
      })
      .execute();
    await emitEvent(c.trx, paidEvent({ id: caseId, programme: 'temporary', household_id: c.row.household_id, applicant_person_id: c.row.applicant_person_id, beneficiary_person_id: null }, month, input.amountFen, 0));
    const payload = {
      amountFen: input.amountFen,
      month,
      hardshipType,
      form: input.form,
      ...(items ? { items } : {}),
      paperworkDueOn: addDays(today, c.settings.temporaryPaperworkDays),
      paperworkDays: c.settings.temporaryPaperworkDays,
      standardFen,
      householdSize: size,
      ruleLimitFen: limits.ruleLimitFen,
      yearlyCapFen: limits.yearlyCapFen,
      usedBeforeFen: limits.usedFen,
    };
    return { reason: findings, payload };
  });
}

/**
 * 急难型临时救助 in one step on the street: the application and the 先行救助 at once. The limits are checked
 * before the application is written, so an amount over a limit changes nothing (the grant checks them again
 * under the case's lock).
 */
export async function emergencyRelief(deps: AssistanceDeps, actor: Actor, input: Omit<ApplyInput, 'programme' | 'urgent'> & EmergencyGrantInput): Promise<CaseDetail> {
  const today = deps.clock.today();
  const hardshipType = hardshipOf(input.hardshipType);
  const household = await readHousehold(deps.db, actor, input.householdId);
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'assistance.handle', action: 'assistance.temporary.emergency', entityType: 'household', entityId: input.householdId, divisionCodes: [household.divisionCode] });
  const settings = await loadSettings(db, today);
  const limits = await limitsFor(db, { settings, standardFen: await standardOf(deps, monthOf(today)), householdId: input.householdId, householdSize: household.members.length, hardshipType, today });
  assertReliefAmount(input.amountFen, limits, 'emergency');
  if (!RELIEF_FORMS.includes(input.form)) throw invalid('ASSISTANCE_UNKNOWN_FORM', '救助方式须为现金或实物');
  if (input.form === 'in_kind' && !input.items?.trim()) throw invalid('ASSISTANCE_ITEMS_REQUIRED', '实物救助须写明发放的物品');
  requireReason(input.findings, '现场情况');
  const applied = await applyForAssistance(deps, actor, {
    householdId: input.householdId,
    applicantPersonId: input.applicantPersonId,
    reason: input.reason,
    bankAccount: input.bankAccount,
    programme: 'temporary',
    urgent: true,
  });
  return grantEmergency(deps, actor, applied.id, input);
}

/** 补办手续: the application papers and the street's record, within the configured days (late is recorded as late). */
export function filePaperwork(deps: AssistanceDeps, actor: Actor, caseId: number, input: { summary: string }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'file_paperwork', (c) => {
    if (c.state.paperworkFiledOn !== null) throw conflict('ASSISTANCE_PAPERWORK_FILED', `先行救助手续已于 ${c.state.paperworkFiledOn} 补办`);
    const dueOn = c.state.paperworkDueOn;
    return { reason: requireReason(input.summary, '补办手续情况'), payload: { dueOn, late: dueOn !== null && c.today > dueOn } };
  });
}

/**
 * 事后审核 by the district: confirmed, or found improper (the amount then stands for recovery). Not by the
 * caseworker who paid (four eyes); only once the paperwork is in.
 */
export function reviewEmergency(deps: AssistanceDeps, actor: Actor, caseId: number, input: { confirmed: boolean; note: string }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'review_emergency', (c) => {
    const note = requireReason(input.note, '审核意见');
    const month = c.state.paymentFrom ?? monthOf(c.today);
    return { reason: note, payload: { confirmed: input.confirmed, nextMonth: addMonths(month, 1), ...(input.confirmed ? {} : { improperFen: c.state.amountFen ?? 0 }) } };
  });
}
