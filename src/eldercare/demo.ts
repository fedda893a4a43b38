/**
 * The demo city's elderly care: institutions in every district (public, 公建民营, private) with beds of each type,
 * meal points, community centres, day care and family-care-bed stations, residents, assessments of older people in
 * the demo streets (some expiring or expired), waitlist applications and the first offers. Built through the
 * module's own services as the system, except residents of non-waitlist beds, which are bulk-inserted.
 */
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { addDays, addMonths, ageOn, makeCreditCode, monthOf, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { createOrganisation, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type RegistryTables } from '../registry/index.js';
import { rng } from '../policy/index.js';
import { allocateBeds } from './allocation.js';
import { recordAssessment } from './assessments.js';
import { eldercareDeps, tables } from './deps.js';
import { createFacility } from './facilities.js';
import { ELDERCARE_SYSTEM_ACTOR } from './registry-port.js';
import { applyForBed } from './waitlist.js';
import { recordGrading } from './gradings.js';
import { recordInspection } from './inspections.js';
import { recordPrepaidReport } from './prepaid.js';
import { escalateOverdueFindings } from './rectification.js';
import type { FindingCategory, Severity } from './supervision-model.js';
import type { BedType, Ownership } from './model.js';

const DEMO_STREETS = ['310115004000', '310115005000'];
const OWNERSHIP: Ownership[] = ['public', 'public_private', 'private'];
/** 保基本 beds left free at the start, so the demo's queue gets its first offers and most applicants wait. */
const FREE_BASIC_BEDS = 6;

/** The demo operator's unified social credit code (GB 32100): the `yiyang` demo login works for it. */
export const DEMO_OPERATOR_CREDIT_CODE = makeCreditCode('5231011550000888');

export interface EldercareDemoSummary {
  /** The registry organisation that runs the demo's 潍坊颐康养老院. */
  operatorOrganisationId: number;
  facilities: number;
  beds: number;
  residents: number;
  assessments: number;
  applications: number;
  offers: number;
}

export async function loadEldercareDemo(ctx: AppContext, seed = 1): Promise<EldercareDemoSummary> {
  const deps = eldercareDeps(ctx);
  const actor = ELDERCARE_SYSTEM_ACTOR;
  const random = rng(seed + 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const today = todayInShanghai();
  let facilities = 0;
  let beds = 0;
  // One operator with its own login (demo user `yiyang`): the 潍坊 home and a 潍坊 meal point are run by it.
  const registryDb = ctx.db.kysely.withTables<RegistryTables>();
  const operator = await createOrganisation(registryDb, actor, { creditCode: DEMO_OPERATOR_CREDIT_CODE, name: '上海市浦东新区潍坊颐康养老服务中心', kind: '民办非企业单位', divisionCode: DEMO_STREETS[0] });

  for (const district of SHANGHAI_DISTRICTS) {
    const streets = SHANGHAI_STREETS.filter((s) => s.code.startsWith(district.code.slice(0, 6)));
    const short = district.name.replace(/新区|区$/, '');
    for (let i = 0; i < 3; i++) {
      const street = i === 0 && district.code === '310115000000' ? streets.find((s) => s.code === DEMO_STREETS[0])! : pick(streets);
      const size = 40 + Math.floor(random() * 160);
      // Central districts have more nursing beds; shares vary so the figures differ by district.
      const nursingShare = 0.45 + random() * 0.3;
      const cognitive = Math.max(2, Math.round(size * (0.05 + random() * 0.1)));
      const nursing = Math.round(size * nursingShare);
      const ordinary = Math.max(0, size - nursing - cognitive);
      const basic = Math.round(nursing * 0.4);
      const spec: { bedType: BedType; count: number; basicGuarantee: boolean }[] = [
        { bedType: 'nursing' as const, count: basic, basicGuarantee: true },
        { bedType: 'nursing' as const, count: nursing - basic, basicGuarantee: false },
        { bedType: 'cognitive' as const, count: cognitive, basicGuarantee: false },
        { bedType: 'ordinary' as const, count: ordinary, basicGuarantee: false },
      ].filter((b) => b.count > 0);
      const operated = i === 0 && district.code === '310115000000';
      await createFacility(deps, actor, {
        kind: 'institution',
        name: operated ? '潍坊颐康养老院' : `${short}${street.name.replace(/街道|镇|乡$/, '')}${['社会福利院', '颐养院', '养老院'][i]}`,
        ownership: operated ? 'public_private' : OWNERSHIP[i],
        organisationId: operated ? operator.id : null,
        address: `${district.name}${street.name}`,
        divisionCode: street.code,
        beds: spec,
        prices: [
          { bedType: 'nursing', monthlyPriceFen: (4_500 + Math.floor(random() * 30) * 100) * 100, basicGuaranteePriceFen: 3_600_00 },
          { bedType: 'cognitive', monthlyPriceFen: (6_000 + Math.floor(random() * 30) * 100) * 100 },
          { bedType: 'ordinary', monthlyPriceFen: (3_500 + Math.floor(random() * 20) * 100) * 100 },
        ],
      });
      facilities += 1;
      beds += size;
    }
    const street = district.code === '310115000000' ? streets.find((s) => s.code === DEMO_STREETS[0])! : pick(streets);
    await createFacility(deps, actor, { kind: 'meal_point', name: `${street.name}社区长者食堂`, ownership: 'public_private', divisionCode: street.code, mealPriceFen: 1_500 + Math.floor(random() * 6) * 100 });
    await createFacility(deps, actor, { kind: 'community_centre', name: `${street.name}社区综合为老服务中心`, ownership: 'public', divisionCode: street.code, dayCarePlaces: 30 });
    facilities += 2;
  }
  for (const code of DEMO_STREETS) {
    const name = SHANGHAI_STREETS.find((s) => s.code === code)!.name;
    await createFacility(deps, actor, { kind: 'day_care', name: `${name}日间照护中心`, ownership: 'private', divisionCode: code, dayCarePlaces: 40 });
    await createFacility(deps, actor, { kind: 'family_bed_station', name: `${name}家庭照护床位服务站`, ownership: 'private', divisionCode: code, beds: [{ bedType: 'nursing', count: 20, basicGuarantee: false }] });
    await createFacility(deps, actor, { kind: 'meal_point', name: `${name}第二长者食堂`, ownership: 'public_private', divisionCode: code, mealPriceFen: 1_600, organisationId: code === DEMO_STREETS[0] ? operator.id : null });
    facilities += 3;
  }
  // 康复辅具社区租赁 points in the two demo streets only, made after every other facility so that no other
  // facility's number or order changes; the coverage figure (indicator 8) then shows most streets still uncovered.
  for (const code of DEMO_STREETS) {
    const name = SHANGHAI_STREETS.find((s) => s.code === code)!.name;
    await createFacility(deps, actor, { kind: 'rental_point', name: `${name}康复辅具租赁点`, ownership: 'private', divisionCode: code });
    facilities += 1;
  }

  // Older people of the city (demo loader only: one bulk read of the registry it has just generated).
  const elderly = await registryDb
    .selectFrom('registry.persons')
    .select(['id', 'birth_date', 'residence_division'])
    .where('death_date', 'is', null)
    .where('birth_date', '<=', addDays(today, -60 * 366))
    .orderBy('id')
    .execute();
  const inDemo = elderly.filter((p) => DEMO_STREETS.some((s) => p.residence_division.startsWith(s.slice(0, 9))));
  const elsewhere = elderly.filter((p) => !inDemo.includes(p));

  // Residents: 保基本 beds nearly full (a few left for the waitlist's first offers), other beds about 85 %, older
  // people from anywhere in the city; beds in a shuffled order so every institution has residents.
  const db = tables(deps);
  const allBeds = await db
    .selectFrom('eldercare.beds as b')
    .innerJoin('eldercare.facilities as f', 'f.id', 'b.facility_id')
    .select(['b.id', 'b.facility_id', 'b.basic_guarantee'])
    .where('f.kind', '=', 'institution')
    .orderBy('b.id')
    .execute();
  const shuffled = allBeds
    .map((b) => ({ b, k: random() }))
    .sort((x, y) => x.k - y.k)
    .map((x) => x.b);
  const other = shuffled.filter((b) => !b.basic_guarantee);
  const basicBeds = shuffled.filter((b) => b.basic_guarantee);
  // A small demo city has too few older people for every bed: then the 保基本 beds start free and all go to the queue.
  const basic = elsewhere.length >= basicBeds.length + other.length / 2 ? basicBeds.slice(FREE_BASIC_BEDS) : [];
  const toFill = [...basic, ...other.slice(0, Math.round(other.length * 0.85))];
  const stays = elsewhere
    .slice(0, toFill.length)
    .map((p, i) => ({ bed_id: toFill[i].id, facility_id: toFill[i].facility_id, person_id: p.id, application_id: null, admitted_on: addDays(today, -Math.floor(random() * 1500) - 1), recorded_by: null }));
  for (let i = 0; i < stays.length; i += 1000) {
    await db
      .insertInto('eldercare.stays')
      .values(stays.slice(i, i + 1000))
      .execute();
  }
  if (stays.length) await sql`update eldercare.beds set status = 'occupied' where id in (select bed_id from eldercare.stays where discharged_on is null)`.execute(db);

  // Assessments for the demo streets' older people: some expired, some expiring within the notice period.
  let assessments = 0;
  let applications = 0;
  for (const p of inDemo) {
    if (random() < 0.35) continue;
    const level = ageOn(p.birth_date, today) >= 80 ? 2 + Math.floor(random() * 5) : Math.floor(random() * 6);
    const assessedOn: IsoDate = addDays(today, -Math.floor(random() * 780) - 1);
    await recordAssessment(deps, actor, { personId: p.id, level, cognitiveImpairment: random() < 0.15, assessor: `${p.residence_division.startsWith('310115004') ? '潍坊' : '陆家嘴'}社区评估站`, assessedOn });
    assessments += 1;
    if (level >= 2 && addDays(assessedOn, 730) > today && random() < 0.45) {
      const any = random() < 0.3;
      const appliedOn = addDays(assessedOn, Math.floor(random() * 20));
      await applyForBed(deps, actor, {
        personId: p.id,
        bedType: level >= 5 && random() < 0.3 ? 'cognitive' : 'nursing',
        appliedOn: appliedOn > today ? today : appliedOn,
        acceptAnyDistrict: any,
        preferredDistricts: any ? [] : random() < 0.3 ? ['310115', '310101'] : [],
        declaredGroups: random() < 0.05 ? [{ group: 'family_planning', evidence: `计划生育特殊家庭扶助证 沪计特 ${2015 + Math.floor(random() * 9)}-${String(p.id).padStart(4, '0')}` }] : [],
      });
      applications += 1;
    }
  }
  const run = await allocateBeds(deps, null);
  await supervisionDemo(deps, random);
  return { operatorOrganisationId: operator.id, facilities, beds, residents: stays.length, assessments, applications, offers: run.offers.length };
}

const FINDINGS: [FindingCategory, Severity, string][] = [
  ['fire', 'major', '部分楼层消防通道堆放杂物，疏散指示标志损坏'],
  ['food', 'minor', '食品留样记录不全'],
  ['building', 'critical', '二楼外墙瓷砖松动，存在坠落风险'],
  ['medical', 'minor', '内设医务室药品台账未按月盘点'],
  ['fraud', 'major', '向入住老人推销保健品，未备案'],
];

/** A year of 云监管 in the demo: inspections with findings (one past its deadline), last year's grading, prepaid reports. */
async function supervisionDemo(deps: ReturnType<typeof eldercareDeps>, random: () => number): Promise<void> {
  const actor = ELDERCARE_SYSTEM_ACTOR;
  const today = todayInShanghai();
  const homes = await tables(deps).selectFrom('eldercare.facilities').select(['id', 'district_code']).where('kind', '=', 'institution').orderBy('id').execute();
  const lastYear = Number(today.slice(0, 4)) - 1;
  const lastMonth = addMonths(monthOf(today), -1);
  for (const [i, home] of homes.entries()) {
    await recordGrading(deps, actor, home.id, lastYear, { grade: 1 + Math.floor(random() * 5), qualityScore: 62 + Math.floor(random() * 36), source: `${lastYear} 年度养老机构等级评定与服务质量监测（演示数据）` });
    if (home.district_code !== '310115000000' && i % 4 !== 0) continue;
    const inspectedOn = addDays(today, -10 - Math.floor(random() * 50));
    const findings = FINDINGS.filter(() => random() < 0.35).map(([category, severity, description]) => ({ category, severity, description, deadline: addDays(inspectedOn, severity === 'critical' ? 7 : severity === 'major' ? 15 : 30) }));
    // Recorded as on the inspection day, so some deadlines have passed by now.
    const then = { ...deps, clock: { now: () => new Date(`${inspectedOn}T02:00:00Z`) } };
    await recordInspection(then, actor, {
      requestId: `demo-inspection-${home.id}`,
      facilityId: home.id,
      inspectedOn,
      kind: i % 3 === 0 ? 'special' : 'routine',
      campaign: i % 3 === 0 ? '养老机构监管“1+6”专项行动' : null,
      inspectors: '区民政局综合监管科',
      findings,
    });
    const balance = (200 + Math.floor(random() * 800)) * 10_000;
    const escrow = random() < 0.15 ? Math.round(balance * 0.6) : balance;
    await recordPrepaidReport(deps, actor, home.id, lastMonth, { collectedFen: Math.round(balance * 0.2), refundedFen: Math.round(balance * 0.05), balanceFen: balance, escrowFen: escrow });
  }
  await escalateOverdueFindings(deps);
}
