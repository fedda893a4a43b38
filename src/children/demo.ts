/**
 * The demo city's children's and disability welfare: the 儿童主任 of 潍坊新村街道's first committee and the street's
 * 督导员 on the roster; parents' custody and lost-contact records that raise reports; cases at each stage (waiting
 * for the first visit and overdue, visited, reviewed, decided 事实无人抚养 with the allowance paid), an abuse
 * report; 两项补贴 applied for and decided for the street's disabled residents, paid for the month. Built through
 * the module's own services as the demo users.
 */
import { sql } from 'kysely';
import type { Actor, Role } from '../access/index.js';
import type { AppContext } from '../context.js';
import { addDays, DomainError, monthOf } from '../kernel/index.js';
import type { RegistryTables } from '../registry/index.js';
import { decideCase, recordVisit, reviewCase } from './case-actions.js';
import { recordSituation, reportChild } from './cases.js';
import { childrenDeps, tables, today } from './deps.js';
import { assessProtectionUnit, registerProtectionUnit } from './protection.js';
import { enrolRehabParticipant, registerRehabProvider } from './rehab.js';
import { applyForSubsidy, decideSubsidy, runSubsidyPayments } from './subsidies.js';
import { appointWorker } from './workers.js';

export const DEMO_CHILD_COMMITTEE = '310115004001';
const STREET = '310115004000';
const DISTRICT = '310115000000';

export interface ChildrenDemoSummary {
  cases: number;
  decided: number;
  subsidies: number;
}

const tolerant = async <T>(work: () => Promise<T>): Promise<T | null> => {
  try {
    return await work();
  } catch (error) {
    // A demo family the rules refuse (or already reported) is left as it is: the demo shows refusals too.
    if (error instanceof DomainError) return null;
    throw error;
  }
};

export async function loadChildrenDemo(ctx: AppContext): Promise<ChildrenDemoSummary> {
  const deps = childrenDeps(ctx);
  const db = tables(deps);
  const on = today(deps);
  const users = await db
    .withTables<{ 'access.users': { id: number; username: string; display_name: string; role: Role; jurisdiction_code: string } }>()
    .selectFrom('access.users')
    .select(['id', 'username', 'display_name', 'role', 'jurisdiction_code'])
    .where('username', 'in', ['pudong', 'weifang', 'ertong', 'dudao', 'admin'])
    .execute();
  const actor = (name: string): Actor => {
    const u = users.find((x) => x.username === name);
    if (!u) throw new Error(`demo user ${name} missing`);
    return { userId: u.id, username: u.username, displayName: u.display_name, role: u.role, jurisdiction: u.jurisdiction_code };
  };
  const [pudong, weifang, ertong, dudao] = ['pudong', 'weifang', 'ertong', 'dudao'].map(actor) as [Actor, Actor, Actor, Actor];
  await appointWorker(deps, pudong, { userId: ertong.userId, divisionCode: DEMO_CHILD_COMMITTEE, since: '2024-01-01', trainedOn: '2024-05-20' });
  await appointWorker(deps, pudong, { userId: dudao.userId, divisionCode: STREET, since: '2024-01-01', trainedOn: '2024-05-20' });

  // Households of the committee with a minor child and both parents.
  const reg = db.withTables<RegistryTables>();
  const families = await reg
    .selectFrom('registry.household_members as c')
    .innerJoin('registry.persons as p', 'p.id', 'c.person_id')
    .innerJoin('registry.household_members as f', (j) => j.onRef('f.household_id', '=', 'c.household_id').on('f.relation', '=', 'head'))
    .innerJoin('registry.household_members as m', (j) => j.onRef('m.household_id', '=', 'c.household_id').on('m.relation', '=', 'spouse'))
    .select(['c.person_id as childId', 'f.person_id as fatherId', 'm.person_id as motherId'])
    .where('c.relation', '=', 'child')
    .where('c.until', 'is', null)
    .where('p.death_date', 'is', null)
    .where('p.residence_division', '=', DEMO_CHILD_COMMITTEE)
    .where('p.birth_date', '>', addDays(on, -17 * 366))
    .orderBy('c.person_id')
    .limit(8)
    .execute();

  let decided = 0;
  for (const [i, f] of families.entries()) {
    if (i < 4) {
      // Both parents in a listed situation: custody ≥ 6 months and lost contact for over 6 months.
      await tolerant(() => recordSituation(deps, weifang, { personId: f.fatherId, kind: 'custody', from: addDays(on, -60), to: addDays(on, 300), evidence: '（2026）沪0115刑初 号刑事判决书' }));
      if (i < 2) await tolerant(() => recordSituation(deps, weifang, { personId: f.motherId, kind: 'lost_contact', from: addDays(on, -220), to: null, evidence: '公安机关受理报案回执' }));
      const row = await db.selectFrom('children.cases').select('id').where('child_id', '=', f.childId).where('status', '<>', 'closed').executeTakeFirst();
      if (!row) continue;
      if (i < 3) await tolerant(() => recordVisit(deps, ertong, row.id, { visitedOn: on, note: '入户走访：由祖母临时照料，生活基本有保障' }));
      if (i < 3) await tolerant(() => reviewCase(deps, dudao, row.id, { note: '情况属实，建议认定', suggested: 'de_facto' }));
      if (i < 2 && (await tolerant(() => decideCase(deps, pudong, row.id, { category: 'de_facto' })))) decided += 1;
    } else if (i < 7) {
      await tolerant(() =>
        reportChild(deps, ertong, {
          childId: f.childId,
          source: i === 6 ? 'police' : 'school',
          reportedOn: addDays(on, -(i + 2)),
          abuse: i === 6,
          noCarer: i === 5,
          note: i === 6 ? '派出所通报：疑似遭受监护人殴打' : '学校报告：多日无人接送',
        }),
      );
    }
  }
  // The allowance of the decided children: granted and paid by monitoring (免申即享) once the events are dispatched.

  // 两项补贴: the street's disabled residents (a grade 1–2 certificate → 护理补贴; the others ask for 生活补贴).
  const disabled = await reg
    .selectFrom('registry.persons')
    .select(['id', 'disability_grade'])
    .where('disability_grade', 'is not', null)
    .where('death_date', 'is', null)
    .where('hukou_division', 'like', '310115004%')
    .orderBy('id')
    .limit(12)
    .execute();
  let subsidies = 0;
  for (const p of disabled) {
    const kind = (p.disability_grade ?? 4) <= 2 ? 'care' : 'living';
    const applied = await tolerant(() => applyForSubsidy(deps, weifang, { personId: p.id, kind, appliedOn: addDays(on, -20), jobless: kind === 'living' }));
    if (applied && (await tolerant(() => decideSubsidy(deps, pudong, applied.subsidyId)))) subsidies += 1;
  }
  await runSubsidyPayments(deps, pudong, { month: monthOf(on), divisionCode: DISTRICT });

  // Indicator 10: a 未成年人保护工作站 in each of the district's streets, the district's institution, and the
  // city's 达标 result for last year.
  const streets = await reg.selectFrom('registry.divisions').select(['code', 'name']).where('level', '=', 'street').where('valid_to', 'is', null).where('code', 'like', '310115%').orderBy('code').execute();
  for (const s of streets) await tolerant(() => registerProtectionUnit(deps, pudong, { kind: 'workstation', divisionCode: s.code, name: `${s.name}未成年人保护工作站`, openedOn: '2021-06-01' }));
  const institution = await tolerant(() => registerProtectionUnit(deps, pudong, { kind: 'institution', divisionCode: DISTRICT, name: '浦东新区未成年人救助保护中心', openedOn: '2020-01-01' }));
  if (institution) await tolerant(() => assessProtectionUnit(deps, actor('admin'), institution.unitId, { year: Number(on.slice(0, 4)) - 1, passed: true, note: '市民政局年度评估：规范达标' }));
  // 精神障碍社区康复: a provider in three streets of four (the last quarter uncovered, so the page shows the gap to
  // 90 %), each serving adults of its street (mental disability first); 潍坊新村街道's 阳光心园 serves six.
  for (const [i, s] of streets.entries()) {
    if (i % 4 === 3) continue;
    const provider = await tolerant(() => registerRehabProvider(deps, pudong, { name: `${s.name.replace(/街道|镇$/, '')}阳光心园`, kind: i % 2 ? 'social_org' : 'facility', divisionCode: s.code, openedOn: '2024-03-01' }));
    if (!provider) continue;
    const people = await reg
      .selectFrom('registry.persons')
      .select('id')
      .where('residence_division', 'like', `${s.code.slice(0, 9)}%`)
      .where('death_date', 'is', null)
      .where('birth_date', '<', addDays(on, -20 * 366))
      .orderBy(sql`coalesce(disability_category = '精神', false) desc`)
      .orderBy('id')
      .limit(s.code === STREET ? 6 : 1 + (i % 3))
      .execute();
    for (const p of people) await tolerant(() => enrolRehabParticipant(deps, s.code === STREET ? weifang : pudong, { personId: p.id, providerId: provider.providerId, joinedOn: addDays(on, -30 - (p.id % 200)) }));
  }
  const cases = Number((await sql<{ n: string }>`select count(*)::text as n from children.cases`.execute(db)).rows[0]?.n ?? 0);
  return { cases, decided, subsidies };
}
