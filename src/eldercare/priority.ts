/**
 * The waitlist's order: priority group (the highest one held, in the configured order), then assessment level
 * (higher first), then application date, then id. Groups the registry or assistance know are derived here in one
 * set-based statement, used alike for one new application and for re-ranking the whole city, so the order a
 * person is told and the order the allocation uses cannot differ.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { formatDate, parseDate, type IsoDate } from '../kernel/index.js';
import { PRIORITY_GROUPS, priorityGroupNames, type EldercareDb, type PriorityGroup } from './model.js';
import type { EldercareSettings } from './settings.js';
import { levelText } from './care-levels.js';

/**
 * The latest birth date of someone `age` years old on `on`, matching kernel `ageOn` (a 29 February birthday
 * counts from 1 March in other years): born on or before this day ⇔ ageOn(birth, on) ≥ age.
 */
export function bornOnOrBefore(on: IsoDate, age: number): IsoDate {
  const { year, month, day } = parseDate(on);
  const y = year - age;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return month === 2 && day === 29 && !leap ? formatDate(y, 2, 28) : formatDate(y, month, day);
}

export const tierOf = (groups: readonly string[], order: readonly PriorityGroup[]): number => {
  const ranks = groups.map((g) => order.indexOf(g as PriorityGroup)).filter((i) => i >= 0);
  return ranks.length ? Math.min(...ranks) : order.length;
};

/**
 * Re-derives groups, their sources and the tier of active applications (all, or the ids given) as on `on`:
 * 特困 and 低保/低收入 from the assistance roster of the household, 高龄 from the birth date, 残疾 and declared
 * groups as stored. Returns how many applications changed.
 */
export async function rerank(db: EldercareDb, settings: EldercareSettings, on: IsoDate, ids?: readonly number[]): Promise<number> {
  const cutoff = bornOnOrBefore(on, settings.age80);
  const order = settings.priorityOrder;
  const idFilter = ids ? sql`and a.id = any(${sql.val(ids)}::bigint[])` : sql``;
  const result = await sql`
    with roster as (
      select household_id,
             bool_or(programme = 'destitute') as destitute,
             bool_or(programme in ('dibao', 'low_income')) as dibao,
             min(case when programme = 'destitute' then case_id end) as destitute_case,
             min(case when programme in ('dibao', 'low_income') then case_id end) as dibao_case,
             min(case when programme in ('dibao', 'low_income') then programme end) as dibao_programme
        from eldercare.assistance_roster where active group by household_id
    ), derived as (
      select a.id,
             array(select g from unnest(array[
               case when r.destitute then 'destitute' end,
               case when r.dibao then 'dibao_low_income' end,
               case when 'disabled' = any(a.groups) then 'disabled' end,
               case when a.birth_date <= ${cutoff}::date then 'age80' end
             ] || a.declared_groups) g where g is not null) as groups,
             (a.group_sources - 'destitute' - 'dibao_low_income' - 'age80') || jsonb_strip_nulls(jsonb_build_object(
               'destitute', case when r.destitute then '社会救助在册：特困人员救助供养（案件 ' || r.destitute_case || '）' end,
               'dibao_low_income', case when r.dibao then '社会救助在册：' || case r.dibao_programme when 'dibao' then '最低生活保障' else '低收入困难家庭' end || '（案件 ' || r.dibao_case || '）' end,
               'age80', case when a.birth_date <= ${cutoff}::date then '出生日期 ' || to_char(a.birth_date, 'YYYY-MM-DD') || '，已满 ' || ${settings.age80} || ' 周岁' end
             )) as sources
        from eldercare.applications a left join roster r on r.household_id = a.household_id
       where a.status in ('waiting', 'offered') ${idFilter}
    ), ranked as (
      select d.id, d.groups, d.sources,
             coalesce((select min(array_position(${sql.val([...order])}::text[], g)) - 1 from unnest(d.groups) g), ${order.length}) as tier
        from derived d
    )
    update eldercare.applications a
       set groups = ranked.groups, group_sources = ranked.sources, tier = ranked.tier
      from ranked
     where a.id = ranked.id and (a.groups <> ranked.groups or a.tier <> ranked.tier or a.group_sources <> ranked.sources)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** A new assessment changes the level (and the eligibility date) of the person's active application. */
export async function applyAssessmentToApplication(trx: EldercareDb, actor: Actor | null, assessment: { id: number; person_id: number; level: number; valid_until: IsoDate }): Promise<void> {
  const application = await trx.selectFrom('eldercare.applications').select(['id', 'assessment_level']).where('person_id', '=', assessment.person_id).where('status', 'in', ['waiting', 'offered']).executeTakeFirst();
  if (!application) return;
  await trx.updateTable('eldercare.applications').set({ assessment_id: assessment.id, assessment_level: assessment.level, assessment_valid_until: assessment.valid_until }).where('id', '=', application.id).execute();
  await trx
    .insertInto('eldercare.application_log')
    .values({
      application_id: application.id,
      action: 'assessment_changed',
      actor_user: actor?.userId ?? null,
      reason: `新的统一需求评估：${levelText(assessment.level)}，有效期至 ${assessment.valid_until}`,
      detail: JSON.stringify({ assessmentId: assessment.id, from: application.assessment_level, to: assessment.level }),
    })
    .execute();
}

export interface QueueKey {
  id: number;
  tier: number;
  assessment_level: number;
  applied_on: IsoDate;
}

export interface PositionBreakdown {
  position: number;
  /** Applicants ahead in a more urgent group, by group. */
  aheadByGroup: { group: PriorityGroup | 'none'; name: string; count: number }[];
  aheadSameGroupHigherLevel: number;
  aheadSameGroupSameLevelEarlier: number;
  waitingTotal: number;
}

/** Where an application stands in the city-wide queue of waiting applications, and why. */
export async function positionOf(db: EldercareDb, key: QueueKey, order: readonly PriorityGroup[]): Promise<PositionBreakdown> {
  const rows = await db
    .selectFrom('eldercare.applications')
    .select(['tier'])
    .select(sql<number>`count(*)::int`.as('all'))
    .select(sql<number>`count(*) filter (where assessment_level > ${key.assessment_level})::int`.as('higher_level'))
    .select(sql<number>`count(*) filter (where assessment_level = ${key.assessment_level} and (applied_on < ${key.applied_on} or (applied_on = ${key.applied_on} and id < ${key.id})))::int`.as('earlier'))
    .where('status', '=', 'waiting')
    .groupBy('tier')
    .execute();
  const aheadByGroup = rows
    .filter((r) => r.tier < key.tier)
    .sort((a, b) => a.tier - b.tier)
    .map((r) => {
      const group = (order[r.tier] ?? 'none') as PriorityGroup | 'none';
      return { group, name: group === 'none' ? '一般对象' : priorityGroupNames[group], count: r.all };
    });
  const own = rows.find((r) => r.tier === key.tier);
  const higher = own?.higher_level ?? 0;
  const earlier = own?.earlier ?? 0;
  const ahead = aheadByGroup.reduce((n, g) => n + g.count, 0) + higher + earlier;
  return { position: ahead + 1, aheadByGroup, aheadSameGroupHigherLevel: higher, aheadSameGroupSameLevelEarlier: earlier, waitingTotal: rows.reduce((n, r) => n + r.all, 0) };
}

export const groupName = (group: string): string => ((PRIORITY_GROUPS as readonly string[]).includes(group) ? priorityGroupNames[group as PriorityGroup] : group);
