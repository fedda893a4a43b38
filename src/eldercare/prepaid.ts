/**
 * 预收费监管: each facility reports per month the prepaid fees (押金, 预收服务费) collected and refunded, the
 * balance it owes residents at month end and what its escrow account (第三方存管专用账户) holds. Escrow below
 * the configured share of the balance is a 资金风险: flagged on the report and announced once as
 * `eldercare.prepaid.at_risk`. A corrected report overwrites the month; the replaced figures go to the audit entry.
 */
import type { Actor } from '../access/index.js';
import { addMonths, currentMonthInShanghai, divisionPrefix, formatYuan, invalid, isValidMonth, lastDayOfMonth, mulDivCeil, type Fen, type Month } from '../kernel/index.js';
import { tables, type EldercareDeps } from './deps.js';
import { allowRead, emitEvent, guardedTransaction } from './guard.js';
import { loadSettings } from './settings.js';
import { facilityOrNotFound, listScope } from './supervised-facility.js';
import { supervisionTables, type SupervisionDb } from './supervision-model.js';

export interface PrepaidFigures {
  collectedFen: Fen;
  refundedFen: Fen;
  balanceFen: Fen;
  escrowFen: Fen;
}

export interface PrepaidReportView extends PrepaidFigures {
  facilityId: number;
  facilityName: string;
  divisionCode: string;
  month: Month;
  requiredEscrowFen: Fen;
  escrowPercent: number;
  shortfallFen: Fen;
  atRisk: boolean;
  riskReason: string | null;
  recordedBy: number | null;
  recordedAt: string;
}

/** The rule, in one place: required = balance × percent / 100, rounded up to the fen; at risk when escrow is below it. */
export function escrowCheck(balanceFen: Fen, escrowFen: Fen, escrowPercent: number): { requiredEscrowFen: Fen; shortfallFen: Fen; atRisk: boolean } {
  const requiredEscrowFen = mulDivCeil(balanceFen, escrowPercent, 100);
  const shortfallFen = Math.max(requiredEscrowFen - escrowFen, 0);
  return { requiredEscrowFen, shortfallFen, atRisk: shortfallFen > 0 };
}

interface ReportRow {
  facility_id: number;
  facility_name: string;
  division_code: string;
  month: Month;
  collected_fen: Fen;
  refunded_fen: Fen;
  balance_fen: Fen;
  escrow_fen: Fen;
  required_escrow_fen: Fen;
  escrow_percent: number;
  at_risk: boolean;
  recorded_by: number | null;
  recorded_at: Date;
}

function toView(r: ReportRow): PrepaidReportView {
  const shortfallFen = Math.max(r.required_escrow_fen - r.escrow_fen, 0);
  return {
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    divisionCode: r.division_code,
    month: r.month,
    collectedFen: r.collected_fen,
    refundedFen: r.refunded_fen,
    balanceFen: r.balance_fen,
    escrowFen: r.escrow_fen,
    requiredEscrowFen: r.required_escrow_fen,
    escrowPercent: r.escrow_percent,
    shortfallFen,
    atRisk: r.at_risk,
    riskReason: r.at_risk ? `存管资金 ${formatYuan(r.escrow_fen)} 元低于预收费余额 ${formatYuan(r.balance_fen)} 元的 ${r.escrow_percent}%（应存管 ${formatYuan(r.required_escrow_fen)} 元，缺口 ${formatYuan(shortfallFen)} 元）` : null,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at.toISOString(),
  };
}

const reportRows = (db: SupervisionDb) => db.selectFrom('eldercare.prepaid_reports as p').innerJoin('eldercare.facilities as f', 'f.id', 'p.facility_id').selectAll('p').select(['f.name as facility_name', 'f.division_code']);

function checkFigures(figures: PrepaidFigures): void {
  const names: Record<keyof PrepaidFigures, string> = { collectedFen: '本月收取', refundedFen: '本月退还', balanceFen: '月末预收费余额', escrowFen: '月末存管资金' };
  for (const key of Object.keys(names) as (keyof PrepaidFigures)[]) {
    const v = figures[key];
    if (!Number.isSafeInteger(v) || v < 0) throw invalid('ELDERCARE_INVALID_AMOUNT', `${names[key]}须为不小于 0 的整数（分）`);
  }
}

/** Records (or corrects) the month's report; the same figures again change nothing. */
export async function recordPrepaidReport(deps: EldercareDeps, actor: Actor, facilityId: number, month: Month, figures: PrepaidFigures): Promise<PrepaidReportView & { replayed: boolean }> {
  const current = currentMonthInShanghai(deps.clock.now());
  if (!isValidMonth(month) || month > current) throw invalid('ELDERCARE_INVALID_MONTH', `月份无效或晚于本月：${month}`);
  checkFigures(figures);
  // The share in force at the month's end: the balance reported is the month-end balance.
  const settings = await loadSettings(tables(deps), lastDayOfMonth(month));
  const percent = settings.supervision.prepaidEscrowPercent;
  const check = escrowCheck(figures.balanceFen, figures.escrowFen, percent);
  return guardedTransaction(tables(deps), actor, async (raw, allow) => {
    const trx = supervisionTables(raw);
    const previous = await trx.selectFrom('eldercare.prepaid_reports').selectAll().where('facility_id', '=', facilityId).where('month', '=', month).forUpdate().executeTakeFirst();
    const same = previous !== undefined && previous.collected_fen === figures.collectedFen && previous.refunded_fen === figures.refundedFen && previous.balance_fen === figures.balanceFen && previous.escrow_fen === figures.escrowFen;
    const detail = {
      month,
      ...figures,
      ...check,
      escrowPercent: percent,
      previous: previous ? { collectedFen: previous.collected_fen, refundedFen: previous.refunded_fen, balanceFen: previous.balance_fen, escrowFen: previous.escrow_fen, atRisk: previous.at_risk } : null,
      unchanged: same,
    };
    const facility = await facilityOrNotFound(
      trx,
      facilityId,
      allow,
      { permission: 'eldercare.supervise', action: previous && !same ? 'eldercare.prepaid.correct' : 'eldercare.prepaid.record', entityType: 'eldercare_facility', entityId: facilityId, detail },
      actor,
    );
    if (!same) {
      const values = {
        collected_fen: figures.collectedFen,
        refunded_fen: figures.refundedFen,
        balance_fen: figures.balanceFen,
        escrow_fen: figures.escrowFen,
        required_escrow_fen: check.requiredEscrowFen,
        escrow_percent: percent,
        at_risk: check.atRisk,
        recorded_by: actor.userId,
      };
      await trx
        .insertInto('eldercare.prepaid_reports')
        .values({ facility_id: facilityId, month, ...values })
        .onConflict((oc) => oc.columns(['facility_id', 'month']).doUpdateSet({ ...values, recorded_at: new Date() }))
        .execute();
      if (check.atRisk && !previous?.at_risk) {
        await emitEvent(raw, {
          topic: 'eldercare.prepaid.at_risk',
          key: `${facilityId}:${month}`,
          payload: {
            facilityId,
            facilityName: facility.name,
            divisionCode: facility.division_code,
            districtCode: facility.district_code,
            month,
            balanceFen: figures.balanceFen,
            escrowFen: figures.escrowFen,
            requiredEscrowFen: check.requiredEscrowFen,
            shortfallFen: check.shortfallFen,
          },
        });
      }
    }
    const row = await reportRows(trx).where('p.facility_id', '=', facilityId).where('p.month', '=', month).executeTakeFirstOrThrow();
    return { ...toView(row), replayed: same };
  });
}

/** The facility's reports, latest month first (the last two years unless told otherwise). */
export async function listPrepaidReports(deps: EldercareDeps, actor: Actor, facilityId: number, query: { from?: Month; to?: Month } = {}): Promise<PrepaidReportView[]> {
  const to = query.to ?? currentMonthInShanghai(deps.clock.now());
  const from = query.from ?? addMonths(to, -23);
  if (!isValidMonth(from) || !isValidMonth(to)) throw invalid('ELDERCARE_INVALID_MONTH', '月份格式须为 YYYY-MM');
  const db = supervisionTables(tables(deps));
  await facilityOrNotFound(db, facilityId, (r) => allowRead(tables(deps), actor, r), { permission: 'eldercare.read', action: 'eldercare.prepaid.read', entityType: 'eldercare_facility', entityId: facilityId, detail: { from, to } });
  const rows = await reportRows(db).where('p.facility_id', '=', facilityId).where('p.month', '>=', from).where('p.month', '<=', to).orderBy('p.month', 'desc').execute();
  return rows.map(toView);
}

/** 资金风险清单: the month's reports flagged at risk in a jurisdiction, largest shortfall first, with how many facilities reported. */
export async function prepaidRisks(deps: EldercareDeps, actor: Actor, month: Month, division?: string): Promise<{ month: Month; divisionCode: string; reported: number; atRisk: PrepaidReportView[] }> {
  if (!isValidMonth(month)) throw invalid('ELDERCARE_INVALID_MONTH', `月份无效：${month}`);
  const scope = listScope(actor, division);
  const db = supervisionTables(tables(deps));
  await allowRead(tables(deps), actor, { permission: 'eldercare.read', action: 'eldercare.prepaid.risks', entityType: 'eldercare_facility', divisionCodes: [scope], detail: { month, division: scope } });
  const prefix = `${divisionPrefix(scope)}%`;
  const reported = await db
    .selectFrom('eldercare.prepaid_reports as p')
    .innerJoin('eldercare.facilities as f', 'f.id', 'p.facility_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.month', '=', month)
    .where('f.division_code', 'like', prefix)
    .executeTakeFirstOrThrow();
  const rows = await reportRows(db).where('p.month', '=', month).where('p.at_risk', '=', true).where('f.division_code', 'like', prefix).execute();
  const atRisk = rows.map(toView).sort((a, b) => b.shortfallFen - a.shortfallFen || a.facilityId - b.facilityId);
  return { month, divisionCode: scope, reported: Number(reported.n), atRisk };
}
