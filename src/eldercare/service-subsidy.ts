/**
 * 养老服务补贴 (care-service subsidy), the entitlement: an older person of a 低保 or 低收入 household assessed at a
 * care level (统一需求评估, the assessment valid on the day) is entitled to a monthly amount by level band and
 * household status, paid to a service provider as hours or vouchers, never as cash. The amounts are dated
 * settings marked as configured (POLICY-FACTS §2.2 is a single unofficial source); the decision says which it used.
 */
import type { AccessRequest, Actor } from '../access/index.js';
import { ageOn, invalid, isValidDate, type Fen, type IsoDate } from '../kernel/index.js';
import { positiveId, refuseEarly } from './checks.js';
import { levelText } from './care-levels.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { allowRead } from './guard.js';
import type { EldercareDb } from './model.js';
import { bandOf, subsidyBandNames, subsidyStatusNames, type SubsidyBand, type SubsidyStatus } from './service-subsidy-model.js';
import { loadSettings, SETTINGS, type EldercareSettings, type SettingName } from './settings.js';

export interface ServiceSubsidyFacts {
  age: number;
  /** The care level of the assessment valid on the day; null when none is valid. */
  level: number | null;
  destitute: boolean;
  dibao: boolean;
  lowIncome: boolean;
}

export interface ServiceSubsidyDecision {
  eligible: boolean;
  status: SubsidyStatus | null;
  band: SubsidyBand | null;
  monthlyFen: Fen;
  reasons: string[];
  settings: { name: SettingName; label: string; value: number; from: IsoDate; verified: boolean }[];
}

const yuan = (fen: Fen) => `${(fen / 100).toFixed(2)} 元`;

/** The rule, one step at a time: age, then household status, then a valid assessment at level 1–6. */
export function decideServiceSubsidy(settings: EldercareSettings, facts: ServiceSubsidyFacts): ServiceSubsidyDecision {
  const { minAge, amounts } = settings.serviceSubsidy;
  const used = (names: SettingName[]) => names.map((name) => ({ name, label: SETTINGS[name].label, value: settings.used[name].value as number, from: settings.used[name].from, verified: settings.used[name].verified }));
  const none = (reasons: string[], names: SettingName[] = ['serviceSubsidy.minAge']): ServiceSubsidyDecision => ({ eligible: false, status: null, band: null, monthlyFen: 0, reasons, settings: used(names) });
  if (facts.age < minAge) return none([`未满 ${minAge} 周岁（${facts.age} 周岁）：不享受养老服务补贴`]);
  const status: SubsidyStatus | null = facts.dibao ? 'dibao' : facts.lowIncome ? 'lowIncome' : null;
  if (status === null) {
    if (facts.destitute) return none(['特困人员由特困供养提供照料护理，不在养老服务补贴的低保、低收入对象之列']);
    return none(['家庭不在低保或低收入在册名单内：养老服务补贴只补助低保、低收入家庭的老年人']);
  }
  if (facts.level === null) return none([`${subsidyStatusNames[status]}，但当日没有有效的老年照护统一需求评估结果：请先申请评估`]);
  const band = bandOf(facts.level);
  if (band === null) return none([`${subsidyStatusNames[status]}，但评估为${levelText(facts.level)}：照护一至六级方可享受`]);
  const name = `serviceSubsidy.${status}.${band}` as SettingName;
  const monthlyFen = amounts[status][band];
  const reasons = [
    `年满 ${minAge} 周岁（${facts.age} 周岁）`,
    `${subsidyStatusNames[status]}${status === 'dibao' && facts.lowIncome ? '（同时在低收入名单，按较高的低保标准）' : ''}`,
    `评估为${levelText(facts.level)}，属「${subsidyBandNames[band]}」档`,
    `每月养老服务补贴 ${yuan(monthlyFen)}，以服务时数或服务券形式支付给服务机构，不发现金`,
  ];
  return { eligible: true, status, band, monthlyFen, reasons, settings: used(['serviceSubsidy.minAge', name]) };
}

export interface ServiceSubsidyExplanation extends ServiceSubsidyDecision {
  personId: number;
  personName: string;
  on: IsoDate;
  statusName: string | null;
  bandName: string | null;
  assessment: { level: number; assessedOn: IsoDate; validUntil: IsoDate } | null;
}

async function assessmentOn(db: EldercareDb, personId: number, on: IsoDate) {
  const row = await db
    .selectFrom('eldercare.assessments')
    .select(['level', 'assessed_on', 'valid_until'])
    .where('person_id', '=', personId)
    .where('assessed_on', '<=', on)
    .orderBy('assessed_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  // The latest assessment counts; once it has lapsed there is none until the person is assessed again.
  return row && row.valid_until >= on ? { level: row.level, assessedOn: row.assessed_on, validUntil: row.valid_until } : null;
}

/** A person's 养老服务补贴 on a day (today by default) with its reasons; personal data, the read audited. */
export async function explainServiceSubsidy(deps: EldercareDeps, actor: Actor, personIdInput: number, onInput?: string): Promise<ServiceSubsidyExplanation> {
  const personId = positiveId(personIdInput, '人员编号', 'ELDERCARE_SUBSIDY');
  const on = onInput ?? today(deps);
  if (!isValidDate(on)) throw invalid('ELDERCARE_SUBSIDY_INVALID_DATE', `日期须为 YYYY-MM-DD 格式的有效日期：${on}`);
  const db = tables(deps);
  const request: AccessRequest = { permission: 'eldercare.persons.read', action: 'eldercare.service_subsidy.read', entityType: 'person', entityId: personId, detail: { on } };
  await refuseEarly(db, actor, request);
  const person = await deps.registry.person(actor, personId);
  const roster = person.householdId ? await db.selectFrom('eldercare.assistance_roster').select('programme').where('household_id', '=', person.householdId).where('active', '=', true).execute() : [];
  const assessment = await assessmentOn(db, personId, on);
  const settings = await loadSettings(db, on);
  const decision = decideServiceSubsidy(settings, {
    age: ageOn(person.birthDate, on),
    level: assessment?.level ?? null,
    destitute: roster.some((r) => r.programme === 'destitute'),
    dibao: roster.some((r) => r.programme === 'dibao'),
    lowIncome: roster.some((r) => r.programme === 'low_income'),
  });
  await allowRead(db, actor, { ...request, divisionCodes: [person.residenceDivision, person.hukouDivision] });
  return {
    ...decision,
    personId,
    personName: person.name,
    on,
    statusName: decision.status ? subsidyStatusNames[decision.status] : null,
    bandName: decision.band ? subsidyBandNames[decision.band] : null,
    assessment,
  };
}
