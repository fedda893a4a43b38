/** The spending check of one charity for one year, from its annual reports (the year and the three before it). */
import { requirePermission, type Actor } from '../access/index.js';
import { recordNotFound } from '../kernel/index.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { allowRead } from './guard.js';
import { ruleBreach } from './rules.js';
import { loadSettings } from './settings.js';
import { checkSpending, type SpendingCheck } from './spending.js';

export async function spendingCheckOf(deps: SocialorgDeps, actor: Actor, organisationId: number, year: number): Promise<SpendingCheck & { year: number }> {
  requirePermission(actor, 'socialorg.read');
  const db = tables(deps);
  const org = await db.selectFrom('socialorg.organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw recordNotFound();
  await allowRead(db, actor, { permission: 'socialorg.read', action: 'socialorg.spending.check', entityType: 'socialorg', entityId: organisationId, divisionCodes: [org.registrar_division], detail: { year } });
  if (!org.charity_since || org.charity_since > `${year}-12-31`) throw ruleBreach('SOCIALORG_NOT_A_CHARITY', `${year} 年该组织不是慈善组织，不适用慈善活动年度支出规定`);
  const reports = await db
    .selectFrom('socialorg.annual_reports')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('year', '<=', year)
    .where('year', '>=', year - 3)
    .orderBy('year', 'desc')
    .execute();
  const current = reports.find((r) => r.year === year);
  const previous = reports.filter((r) => r.year < year);
  if (!current || previous[0]?.year !== year - 1) throw ruleBreach('SOCIALORG_REPORTS_MISSING', `须有 ${year} 年度及 ${year - 1} 年度的年度工作报告`);
  // Qualification in force at the end of the year checked.
  const fundraising = org.fundraising_since !== null && org.fundraising_since <= `${year}-12-31`;
  const consecutive = previous.filter((r, i) => r.year === year - 1 - i);
  const result = checkSpending(
    {
      orgType: org.org_type,
      fundraising,
      current: { expenditureFen: Number(current.expenditure_fen), charitableSpendingFen: Number(current.charitable_spending_fen), managementCostFen: Number(current.management_cost_fen) },
      previous: consecutive.map((r) => ({ incomeFen: Number(r.income_fen), netAssetsFen: Number(r.net_assets_fen) })),
    },
    await loadSettings(db, today(deps)),
  );
  return { ...result, year };
}
