/** Reading and setting the warning rules' parameters (defaults in rules.ts, dated overrides in the database). */
import { hasPermission, type Actor } from '../access/index.js';
import { forbidden, invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { guardedTransaction } from './guard.js';
import type { MonitoringDb } from './model.js';
import { RULE_PARAMETERS, RULE_PARAMETER_NAMES, resolveRules, ruleHistory, type RuleParameter, type RuleSettings, type RuleUnit, type RuleValue, type StoredRuleValue } from './rules.js';

export async function storedRuleValues(db: MonitoringDb): Promise<StoredRuleValue[]> {
  const rows = await db.selectFrom('monitoring.rule_parameters').select(['name', 'valid_from', 'value', 'verified', 'note']).execute();
  return rows.map((r) => ({ name: r.name, from: r.valid_from, value: r.value, verified: r.verified, note: r.note }));
}

export async function loadRules(db: MonitoringDb, on: IsoDate): Promise<RuleSettings> {
  return resolveRules(await storedRuleValues(db), on);
}

export interface RuleParameterView {
  name: RuleParameter;
  label: string;
  unit: RuleUnit;
  description: string;
  current: RuleValue;
  history: RuleValue[];
}

/** Parameters are not personal data: whoever reads warnings or configures rules may see them. */
export async function listRuleParameters(deps: MonitoringDeps, actor: Actor, on: IsoDate): Promise<RuleParameterView[]> {
  if (!hasPermission(actor.role, 'monitoring.read') && !hasPermission(actor.role, 'monitoring.configure')) throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
  return ruleParameterViews(tables(deps), on);
}

async function ruleParameterViews(db: MonitoringDb, on: IsoDate): Promise<RuleParameterView[]> {
  const stored = await storedRuleValues(db);
  const settings = resolveRules(stored, on);
  return RULE_PARAMETER_NAMES.map((name) => ({ ...RULE_PARAMETERS[name], name, current: settings.used[name], history: ruleHistory(name, stored) }));
}

const LIMITS: Record<RuleUnit, [number, number]> = { fen: [0, 1_000_000_000], hours: [1, 24 * 90], years: [0, 120], permille: [0, 1000], grade: [1, 4] };

/** A new dated value: it applies from `from` on; older decisions keep the value they were made with. */
export async function setRuleParameter(deps: MonitoringDeps, actor: Actor, name: string, input: { from: IsoDate; value: number; verified: boolean; note: string }): Promise<RuleParameterView> {
  if (!(RULE_PARAMETER_NAMES as string[]).includes(name)) throw invalid('MONITORING_UNKNOWN_RULE', `未知的预警规则参数：${name}`);
  const parameter = name as RuleParameter;
  const [min, max] = LIMITS[RULE_PARAMETERS[parameter].unit];
  if (!Number.isSafeInteger(input.value) || input.value < min || input.value > max) throw invalid('MONITORING_INVALID_RULE_VALUE', `参数值须为 ${min}–${max} 之间的整数`);
  if (!isValidDate(input.from)) throw invalid('MONITORING_INVALID_DATE', `生效日期无效：${input.from}`);
  const note = input.note.trim();
  if (!note) throw invalid('MONITORING_NOTE_REQUIRED', '须注明参数来源或调整理由');
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'monitoring.configure', action: 'monitoring.rule.set', entityType: 'rule_parameter', entityId: parameter, detail: { from: input.from, value: input.value, verified: input.verified, note } });
    await trx
      .insertInto('monitoring.rule_parameters')
      .values({ name: parameter, valid_from: input.from, value: input.value, verified: input.verified, note, set_by: actor.userId })
      .onConflict((oc) => oc.columns(['name', 'valid_from']).doUpdateSet({ value: input.value, verified: input.verified, note, set_by: actor.userId, set_at: new Date() }))
      .execute();
  });
  const views = await ruleParameterViews(tables(deps), input.from);
  return views.find((v) => v.name === parameter) as RuleParameterView;
}
