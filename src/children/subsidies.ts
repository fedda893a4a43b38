/**
 * 两项补贴 on a short path: applied for at the street (or the resident portal), no 经济状况核对, decided by the
 * district from the certificate and the household's assistance status (subsidy-rules.ts) with four eyes (the
 * decider did not record the application), paid monthly once per person and subsidy. A withdrawn certificate
 * suspends, a death stops (handlers.ts).
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { jurisdictionPrefix } from '../access/index.js';
import { addMonths, conflict, divisionPrefix, firstDayOfMonth, forbidden, formatYuan, invalid, isValidDate, monthOf, notFound, recordNotFound, unprocessable, type IsoDate } from '../kernel/index.js';
import { maskPersonName } from '../registry/index.js';
import { povertyOf } from './assessment.js';
import { tables, today, type ChildrenDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import { SUBSIDY_KINDS, subsidyKindNames, type ChildrenDb, type SubsidyKind, type SubsidyStatus } from './model.js';
import { checkRunInput, paymentCsv, type PaymentRun } from './payment-file.js';
import { personFacts } from './registry-port.js';
import { loadSettings, type ChildrenSettings } from './settings.js';
import { evaluateSubsidy, validCertificate, type SubsidyDecision } from './subsidy-rules.js';

const params = (s: ChildrenSettings) => ({ severeGradeMax: s.severeGradeMax, livingIncludesLowIncome: s.livingIncludesLowIncome, careExtraCategories: s.careExtraCategories });

export async function checkSubsidy(db: ChildrenDb, personId: number, kind: SubsidyKind, jobless: boolean, on: IsoDate): Promise<SubsidyDecision> {
  const s = await loadSettings(db, on);
  const p = (await personFacts(db, [personId])).get(personId);
  if (!p) throw notFound('CHILDREN_PERSON_NOT_FOUND', `人员 ${personId} 不存在`);
  return evaluateSubsidy(kind, { birthDate: p.birthDate, deathDate: p.deathDate, disability: p.disability, householdPoverty: await povertyOf(db, personId, on), jobless }, on, params(s));
}

export async function applyForSubsidy(deps: ChildrenDeps, actor: Actor, input: { personId: number; kind: SubsidyKind; appliedOn: IsoDate; jobless?: boolean; channel?: 'street' | 'portal' }): Promise<{ subsidyId: number }> {
  if (!(SUBSIDY_KINDS as readonly string[]).includes(input.kind)) throw invalid('DISABILITY_UNKNOWN_SUBSIDY', `未知的补贴：${input.kind}`);
  if (!isValidDate(input.appliedOn) || input.appliedOn > today(deps)) throw invalid('DISABILITY_INVALID_DATE', '申请日期须为今天或之前的日期');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const request = { permission: 'disability.handle' as const, action: 'disability.subsidy.apply', entityType: 'person', entityId: input.personId };
    const p = (await personFacts(trx, [input.personId])).get(input.personId);
    if (!p) {
      await allow(request);
      throw recordNotFound();
    }
    await allow({ ...request, divisionCodes: [p.residenceDivision, p.hukouDivision] });
    if (!p.disability) throw invalid('DISABILITY_NO_CERTIFICATE', '申请人无有效残疾人证');
    if (!validCertificate(p.disability)) throw invalid('DISABILITY_INVALID_CERTIFICATE', `残疾人证等级须为 1–4 级且类别为规定类别（${p.disability.category} ${p.disability.grade} 级）`);
    const open = await trx.selectFrom('children.subsidies').select('id').where('person_id', '=', input.personId).where('kind', '=', input.kind).where('status', 'in', ['applied', 'approved', 'suspended']).executeTakeFirst();
    if (open) throw conflict('DISABILITY_APPLICATION_OPEN', `该人员已有未办结的${subsidyKindNames[input.kind]}（编号 ${open.id}）`);
    const row = await trx
      .insertInto('children.subsidies')
      .values({ person_id: input.personId, kind: input.kind, division_code: p.hukouDivision, status: 'applied', applied_on: input.appliedOn, channel: input.channel ?? 'street', jobless: input.jobless ?? false, applied_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { subsidyId: row.id };
  });
}

export async function decideSubsidy(deps: ChildrenDeps, actor: Actor, subsidyId: number): Promise<{ status: SubsidyStatus; fromMonth: string | null; decision: SubsidyDecision }> {
  const on = today(deps);
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const row = await trx.selectFrom('children.subsidies').selectAll().where('id', '=', subsidyId).forUpdate().executeTakeFirst();
    const request = { permission: 'disability.decide' as const, action: 'disability.subsidy.decide', entityType: 'subsidy', entityId: subsidyId };
    if (!row) {
      await allow(request);
      throw recordNotFound();
    }
    await allow({ ...request, divisionCodes: [row.division_code] });
    if (row.status !== 'applied') throw conflict('DISABILITY_NOT_PENDING', '该申请已办结');
    if (row.applied_by === actor.userId) throw forbidden('DISABILITY_FOUR_EYES', '受理人不能审批本人受理的申请（双人审核）');
    const decision = await checkSubsidy(trx, row.person_id, row.kind, row.jobless, on);
    if (!decision.passed)
      throw unprocessable(
        'DISABILITY_RULE_FAILED',
        `不符合${subsidyKindNames[row.kind]}的条件：${decision.conditions
          .filter((c) => !c.met)
          .map((c) => c.text)
          .join('；')}`,
        { failed: decision.conditions.filter((c) => !c.met) },
      );
    // From the month after the application (publication, 公示, is by setting and not modelled further here).
    const fromMonth = addMonths(monthOf(row.applied_on), 1);
    await trx
      .updateTable('children.subsidies')
      .set({ status: 'approved', decided_by: actor.userId, decided_on: on, from_month: fromMonth, explanation: JSON.stringify(decision) })
      .where('id', '=', subsidyId)
      .execute();
    return { status: 'approved' as const, fromMonth, decision };
  });
}

export interface SubsidyView {
  id: number;
  personName: string;
  kind: SubsidyKind;
  kindName: string;
  status: SubsidyStatus;
  appliedOn: IsoDate;
  fromMonth: string | null;
  statusReason: string | null;
  divisionCode: string;
}

export async function listSubsidies(deps: ChildrenDeps, actor: Actor, query: { status?: SubsidyStatus } = {}): Promise<SubsidyView[]> {
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'disability.read', action: 'disability.subsidies.list', entityType: 'division', entityId: actor.jurisdiction });
  let q = db
    .selectFrom('children.subsidies')
    .selectAll()
    .where('division_code', 'like', `${jurisdictionPrefix(actor)}%`);
  if (query.status) q = q.where('status', '=', query.status);
  const rows = await q.orderBy('id').limit(5000).execute();
  const persons = await personFacts(
    db,
    rows.map((r) => r.person_id),
  );
  return rows.map((r) => ({
    id: r.id,
    personName: maskPersonName(persons.get(r.person_id)?.name ?? ''),
    kind: r.kind,
    kindName: subsidyKindNames[r.kind],
    status: r.status,
    appliedOn: r.applied_on,
    fromMonth: r.from_month,
    statusReason: r.status_reason,
    divisionCode: r.division_code,
  }));
}

const amountOf = (s: ChildrenSettings, kind: SubsidyKind) => (kind === 'living' ? s.livingFen : s.careFen);

/** The month's 两项补贴 for a district: one set-based insert, so 300 thousand recipients stay one statement per kind. */
export async function runSubsidyPayments(deps: ChildrenDeps, actor: Actor, input: { month: string; divisionCode: string }): Promise<PaymentRun> {
  const { month, district } = checkRunInput(input, 'DISABILITY');
  const db = tables(deps);
  const s = await loadSettings(db, firstDayOfMonth(month));
  const prefix = `${divisionPrefix(district)}%`;
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'disability.pay', action: 'disability.subsidy.run', entityType: 'division', entityId: district, divisionCodes: [district], detail: { month } });
    await sql`select pg_advisory_xact_lock(hashtext(${`children.subsidy:${district}:${month}`}))`.execute(trx);
    let written = 0;
    for (const kind of SUBSIDY_KINDS) {
      const res = await sql<{ n: string }>`
        with ins as (
          insert into children.subsidy_payments (month, subsidy_id, person_id, kind, amount_fen, division_code)
          select ${month}, s.id, s.person_id, s.kind, ${amountOf(s, kind)}::integer, s.division_code
          from children.subsidies s
          where s.status = 'approved' and s.kind = ${kind} and s.from_month <= ${month} and s.division_code like ${prefix}
          on conflict (month, subsidy_id) do nothing
          returning 1
        ) select count(*)::text as n from ins`.execute(trx);
      written += Number(res.rows[0]?.n ?? 0);
    }
    const totals = await sql<{ n: string; fen: string }>`select count(*)::text as n, coalesce(sum(amount_fen), 0)::text as fen from children.subsidy_payments where month = ${month} and division_code like ${prefix}`.execute(trx);
    return { month, district, count: Number(totals.rows[0]?.n ?? 0), totalFen: Number(totals.rows[0]?.fen ?? 0), writtenNow: written, stopped: 0 };
  });
}

export async function subsidyFile(deps: ChildrenDeps, actor: Actor, input: { month: string; divisionCode: string }): Promise<{ filename: string; body: Buffer }> {
  const { month, district } = checkRunInput(input, 'DISABILITY');
  const db = tables(deps);
  await guardedTransaction(db, actor, (_trx, allow) => allow({ permission: 'disability.pay', action: 'disability.subsidy.file', entityType: 'division', entityId: district, divisionCodes: [district], detail: { month } }));
  const rows = await db
    .selectFrom('children.subsidy_payments')
    .selectAll()
    .where('month', '=', month)
    .where('division_code', 'like', `${divisionPrefix(district)}%`)
    .orderBy('subsidy_id')
    .execute();
  const persons = await personFacts(
    db,
    rows.map((r) => r.person_id),
  );
  const lines = rows.map((r, i) => [i + 1, persons.get(r.person_id)?.name ?? String(r.person_id), persons.get(r.person_id)?.idNumberMasked ?? '', subsidyKindNames[r.kind], r.month, formatYuan(r.amount_fen), r.division_code]);
  return {
    filename: `disability-subsidies-${district}-${month}.csv`,
    body: paymentCsv(
      ['序号', '姓名', '身份证号（脱敏）', '补贴', '发放月份', '金额（元）', '户籍地区划'],
      lines,
      rows.map((r) => r.amount_fen),
    ),
  };
}

/** A withdrawn certificate suspends, a death stops: both keep the row (the reason is shown). */
export async function changeSubsidyStatus(trx: ChildrenDb, personId: number, to: 'suspended' | 'stopped', reason: string): Promise<number> {
  const res = await trx
    .updateTable('children.subsidies')
    .set({ status: to, status_reason: reason })
    .where('person_id', '=', personId)
    .where('status', 'in', to === 'stopped' ? ['applied', 'approved', 'suspended'] : ['applied', 'approved'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
