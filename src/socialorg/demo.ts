/**
 * Demo data: the demo city's 51/52/53 organisations plus a few hundred more get registration histories at the
 * seeds' shape (types 社团 25 % / 社服 71 % / 基金会 4 % (SYSTEMS.md), 参检率 93.7 %, 合格率 91 % (seed 2024 总结)),
 * annual reports for the last three years, the year-end listing runs and the credit run, so every page has data.
 */
import type { AppContext } from '../context.js';
import { addDays, addMonthsToDate, addWorkingDays, makeCreditCode, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { insertOrganisationRecord, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type RegistryTables } from '../registry/index.js';
import { runAnnualListing, reportDeadline } from './annual.js';
import { buildBulkFiles } from './bulk.js';
import { raiseEntry, runCreditLists } from './credit-lists.js';
import { recordPenalty } from './penalties.js';
import { socialorgDeps, tables } from './deps.js';
import { registryKinds, type ActionKind, type OrgType, type SocialorgDb } from './model.js';
import { CITY_REGISTRAR } from './registration.js';
import { gradeOf } from './grades.js';
import { loadSettings } from './settings.js';

export interface SocialorgDemoSummary {
  organisations: number;
  listed: number;
  /** The registry id of the organisation whose staff log in as the demo's organisation user. */
  staffOrganisationId: number;
}

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const TYPE_OF: Record<string, OrgType> = { '1': 'social_group', '2': 'social_service', '3': 'foundation' };
const FORMS: Record<OrgType, string[]> = {
  social_group: ['志愿者协会', '慈善协会', '老年协会', '社区文化促进会', '社会工作者协会'],
  social_service: ['社会工作服务中心', '养老服务中心', '康复服务中心', '助老服务社', '青少年服务中心'],
  foundation: ['公益基金会', '慈善基金会', '教育发展基金会'],
};
const STEMS = ['明德', '仁和', '阳光', '同心', '长青', '安康', '启航', '惠民', '乐群', '思源', '博爱', '新桥', '春晖', '致远', '益友', '和美', '善行', '嘉禾', '复兴', '星光'];

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function history(db: SocialorgDb, id: number, type: OrgType, registeredOn: IsoDate): Promise<void> {
  const steps: [ActionKind, number][] =
    type === 'social_group'
      ? [
          ['name_check', -120],
          ['prepare_apply', -110],
          ['prepare_approve', -70],
          ['establish_apply', -30],
          ['establish', 0],
        ]
      : [
          ['name_check', -75],
          ['establish_apply', -50],
          ['establish', 0],
        ];
  await db
    .insertInto('socialorg.actions')
    .values(steps.map(([action, days]) => ({ organisation_id: id, action, on_date: addDays(registeredOn, days), reason: null, payload: '{}', actor_id: null, actor_username: 'system:demo', request_key: null })))
    .execute();
}

export async function loadSocialorgDemo(ctx: AppContext, seed = 1, extra = 600): Promise<SocialorgDemoSummary> {
  const deps = socialorgDeps(ctx);
  const db = tables(deps);
  const random = rng(seed + 53);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const today = todayInShanghai();
  const year = Number(today.slice(0, 4));
  const settings = await loadSettings(db, today);
  let staffOrganisationId = 0;
  let count = 0;

  await db.transaction().execute(async (trx) => {
    const registry = (trx as SocialorgDb).withTables<RegistryTables>();
    const existing = await registry.selectFrom('registry.organisations').select(['id', 'credit_code', 'name', 'division_code', 'registered_on']).where('credit_code', 'like', '5%').orderBy('id').execute();
    const rows: { registryId: number; code: string; name: string; divisionCode: string; registeredOn: IsoDate }[] = existing.map((r) => ({
      registryId: Number(r.id),
      code: r.credit_code,
      name: r.name,
      divisionCode: r.division_code,
      registeredOn: r.registered_on ?? '2015-06-01',
    }));
    for (let i = 0; i < extra; i++) {
      const roll = random();
      const typeCode = roll < 0.25 ? '1' : roll < 0.96 ? '2' : '3';
      const type = TYPE_OF[typeCode];
      const district = pick(SHANGHAI_DISTRICTS);
      const streets = SHANGHAI_STREETS.filter((s) => s.code.startsWith(district.code.slice(0, 6)));
      const street = i === 0 ? (SHANGHAI_STREETS.find((s) => s.code === '310115004000') ?? pick(streets)) : pick(streets);
      const registrar = type === 'foundation' ? CITY_REGISTRAR : `${street.code.slice(0, 6)}000000`;
      let body = '';
      for (let v = i * 7919 + seed, k = 0; k < 6; k++, v = Math.floor(v / 31)) body = CODE_CHARS[v % 31] + body;
      const code = makeCreditCode(`5${typeCode}${registrar.slice(0, 6)}MK${body}`);
      const area = type === 'foundation' ? '上海市' : i === 0 ? '浦东新区' : district.name;
      const name = i === 0 ? '浦东新区潍坊明德社会工作服务中心' : `${area}${pick(STEMS)}${STEMS[i % STEMS.length]}${pick(FORMS[type])}`;
      // The demo organisation with a login is three years old, so it has reports to file.
      const registeredOn = i === 0 ? addDays(today, -1100) : addDays(today, -(200 + Math.floor(random() * 12 * 365)));
      const registryId = await insertOrganisationRecord(registry, { creditCode: code, name, kind: registryKinds[type], divisionCode: street.code, registeredOn });
      rows.push({ registryId, code, name, divisionCode: street.code, registeredOn });
      if (i === 0) staffOrganisationId = registryId;
    }
    for (const r of rows) {
      const type = TYPE_OF[r.code[1]];
      if (!type) continue;
      const registrar = r.code.slice(2, 8) === '310000' ? CITY_REGISTRAR : `${r.code.slice(2, 8)}000000`;
      const dual = random() < 0.6;
      const charity = type === 'foundation' ? random() < 0.7 : random() < 0.04;
      const charitySince = charity ? addDays(r.registeredOn, 30) : null;
      const fundraising = charitySince && addDays(r.registeredOn, 400) < today && random() < 0.4 ? addDays(r.registeredOn, 400) : null;
      const ended = random() < 0.02 ? addDays(today, -Math.floor(random() * 300)) : null;
      const org = await trx
        .insertInto('socialorg.organisations')
        .values({
          org_type: type,
          name: r.name,
          level: registrar === CITY_REGISTRAR ? 'city' : 'district',
          registrar_division: registrar,
          division_code: r.divisionCode,
          district_code: `${r.divisionCode.slice(0, 6)}000000`,
          mode: dual ? 'dual' : 'direct',
          direct_category: dual ? null : pick(['industry', 'science', 'charity', 'community'] as const),
          supervisor_unit: dual ? pick(['市教委', '区卫生健康委', '区文化旅游局', '区科委', '区民政局']) : null,
          foundation_kind: type === 'foundation' ? (random() < 0.3 ? 'public' : 'non_public') : null,
          funds_fen: type === 'foundation' ? 400_000_000 : 10_000_000,
          status: ended && ended > r.registeredOn ? 'deregistered' : 'registered',
          pending_kind: null,
          pending_due: null,
          preparation_ends: null,
          credit_code: r.code,
          registry_id: r.registryId,
          registered_on: r.registeredOn,
          ended_on: ended && ended > r.registeredOn ? ended : null,
          end_reason: ended && ended > r.registeredOn ? '注销登记' : null,
          charity_since: charitySince,
          fundraising_since: fundraising,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(org.id);
      count++;
      await history(trx, id, type, r.registeredOn);
      for (let y = year - 3; y < year; y++) {
        if (r.registeredOn > `${y}-06-30`) continue;
        const deadline = reportDeadline(settings, type, y);
        // The organisation with a login has last year's report still to file (and is listed for it).
        if (deadline >= today || random() > 0.937 || (r.registryId === staffOrganisationId && y === year - 1)) continue;
        const income = 5_000_000 + Math.floor(random() * 500_000_000);
        const filedOn = addDays(deadline, -Math.floor(random() * 60));
        const passed = random() < 0.91;
        await trx
          .insertInto('socialorg.annual_reports')
          .values({
            organisation_id: id,
            year: y,
            filed_on: filedOn,
            filed_by: null,
            income_fen: income,
            expenditure_fen: Math.floor(income * (0.6 + random() * 0.35)),
            net_assets_fen: Math.floor(income * (0.2 + random())),
            prereviewed_on: dual ? addDays(filedOn, 5) : null,
            conclusion: passed ? (random() < 0.85 ? 'pass' : 'basic_pass') : 'fail',
            concluded_on: addDays(filedOn, 30),
          })
          .execute();
      }
    }
  });
  await db.transaction().execute((trx) => demoSupervision(trx, today, random));
  let listed = 0;
  for (let y = year - 3; y < year; y++) listed += (await runAnnualListing(deps, null, y, today)).types.reduce((n, t) => n + t.listed, 0);
  await runCreditLists(deps, null, today);
  // Today's public bulk files, so the download list has a day from the start (the server builds one a day after).
  await buildBulkFiles(deps, null, today);
  return { organisations: count, listed, staffOrganisationId };
}

const DEPARTMENTS = ['登记管理机关', '区市场监督管理局', '市消防救援总队', '区税务局'];
const TRUSTEES = ['上海国际信托有限公司', '华宝信托有限责任公司', '上海爱建信托有限责任公司', '上海市慈善基金会'];

/** Penalties from several departments, one court listing and its batch, fundraising plans and trusts: every supervision page has rows. */
async function demoSupervision(trx: SocialorgDb, today: IsoDate, random: () => number): Promise<void> {
  const settings = await loadSettings(trx, today);
  const registered = await trx.selectFrom('socialorg.organisations').select(['id', 'credit_code', 'fundraising_since']).where('status', '=', 'registered').orderBy('id').execute();
  const punished = registered.filter((_, i) => i % 37 === 5).slice(0, 14);
  for (const [i, o] of punished.entries()) {
    const decidedOn = addDays(today, -30 - Math.floor(random() * 900));
    const kind = i % 5 === 4 ? 'suspension' : i % 2 ? 'fine' : 'warning';
    const amountFen = kind === 'fine' ? (i % 3 ? 500_000 + Math.floor(random() * 2_000_000) : 8_000_000) : 0;
    await recordPenalty(
      trx,
      null,
      Number(o.id),
      {
        kind,
        amountFen,
        basis: '《民办非企业单位登记管理暂行条例》第二十五条',
        department: DEPARTMENTS[i % 4],
        decisionNo: `沪演示罚〔${decidedOn.slice(0, 4)}〕${100 + i}号`,
        decidedOn,
        carriedOutOn: i % 4 ? addDays(decidedOn, 20) : null,
      },
      addDays(decidedOn, 3),
      settings,
      i % 4 === 2 ? { batchId: '2025-XF-001', row: i + 2 } : undefined,
    );
  }
  await trx
    .insertInto('socialorg.import_batches')
    .values({
      source: 'penalty',
      batch_id: '2025-XF-001',
      sha256: '0'.repeat(64),
      department: '市消防救援总队',
      row_count: 5,
      accepted: 3,
      duplicates: 1,
      rejected: 1,
      listed: 3,
      errors: JSON.stringify([{ row: 4, field: 'creditCode', message: '未找到该统一社会信用代码的社会组织' }]),
      imported_by: null,
      scope: CITY_REGISTRAR,
    })
    .execute();
  const court = registered[registered.length - 3];
  if (court) {
    const listing = await trx
      .insertInto('socialorg.court_listings')
      .values({ organisation_id: Number(court.id), court: '上海市浦东新区人民法院', case_no: '(2025)沪0115执5678号', listed_on: addDays(today, -60), removed_on: null, batch_id: '2025-FY-001', row_no: 2 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await raiseEntry(trx, null, {
      organisationId: Number(court.id),
      list: 'serious',
      reason: 'court_dishonest',
      basis: '民政部令第60号第十六条',
      evidence: '上海市浦东新区人民法院 (2025)沪0115执5678号',
      listedOn: addDays(today, -58),
      sourceKey: `court:${listing.id}`,
    });
    await trx
      .insertInto('socialorg.import_batches')
      .values({
        source: 'court',
        batch_id: '2025-FY-001',
        sha256: '1'.repeat(64),
        department: '上海市浦东新区人民法院',
        row_count: 1,
        accepted: 1,
        duplicates: 0,
        rejected: 0,
        listed: 1,
        errors: '[]',
        imported_by: null,
        scope: CITY_REGISTRAR,
      })
      .execute();
  }
  const fundraisers = registered.filter((o) => o.fundraising_since).slice(0, 10);
  for (const [i, o] of fundraisers.entries()) {
    const startsOn = addDays(today, -400 + i * 45);
    const endsOn = addMonthsToDate(startsOn, i % 2 ? 12 : 4);
    const plan = await trx
      .insertInto('socialorg.fundraising_plans')
      .values({
        organisation_id: Number(o.id),
        title: ['助老餐桌', '困境儿童助学', '社区康复', '暖冬行动', '一老一小'][i % 5],
        purpose: '为本市困难群众提供帮扶',
        platform: i % 3 ? ['腾讯公益', '支付宝公益', '哔哩哔哩公益'][i % 3] : null,
        target_fen: 10_000_000 * (i + 1),
        starts_on: startsOn,
        ends_on: endsOn,
        filed_on: addDays(startsOn, -15),
        filed_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (i % 3 === 0 && addMonthsToDate(startsOn, 3) < today)
      await trx
        .insertInto('socialorg.fundraising_disclosures')
        .values({ plan_id: Number(plan.id), disclosed_on: addMonthsToDate(startsOn, 3), final: false, raised_fen: 2_000_000 * (i + 1) })
        .execute();
  }
  for (let i = 0; i < 6; i++) {
    const signedOn = addDays(today, -40 - i * 97);
    const filedOn = addDays(signedOn, i === 2 ? 10 : 3 + (i % 4));
    const publishDue = addWorkingDays(filedOn, settings.num('trust.publishWorkingDays'));
    await trx
      .insertInto('socialorg.charitable_trusts')
      .values({
        name: `${STEMS[i * 3]}${['助学', '安老', '济困', '助医', '社区发展', '文化传承'][i]}慈善信托`,
        trustee_name: TRUSTEES[i % 4],
        trustee_credit_code: makeCreditCode(`9131000013${String(220_000 + i * 7).padStart(6, '0')}`),
        registrar_division: CITY_REGISTRAR,
        purpose: '资助本市困难群众',
        property_fen: 100_000_000 * (i + 1),
        signed_on: signedOn,
        filed_on: filedOn,
        filed_late_days: Math.max(0, (i === 2 ? 10 : 3 + (i % 4)) - settings.num('trust.filingDays')),
        publish_due: publishDue,
        published_on: i === 0 ? null : addDays(filedOn, 12),
        filed_by: null,
      })
      .execute();
  }
  // 等级评估: about one in five registered organisations graded (the seeds: evaluation rate target 20 %), a few still
  // in 公示, some whose 5 years ran out (expired by the run), scores spread over the cut-offs.
  const graded = registered.filter((_, i) => i % 5 === 1);
  for (const [i, o] of graded.entries()) {
    // every 17th still in 公示, every 6th evaluated more than 5 years ago, the rest within their 5 years
    const daysAgo = i % 17 === 3 ? 2 : i % 6 === 5 ? 1900 + Math.floor(random() * 400) : 60 + Math.floor(random() * 1500);
    const evaluatedOn = addDays(today, -daysAgo);
    const score = settings.num('grading.cutoff1A') + Math.floor(random() * (1000 - settings.num('grading.cutoff1A')));
    const validUntil = addMonthsToDate(evaluatedOn, 12 * settings.num('grading.validYears'));
    await trx
      .insertInto('socialorg.grades')
      .values({
        organisation_id: Number(o.id),
        score,
        grade: gradeOf(score, settings) ?? 1,
        evaluated_on: evaluatedOn,
        publicity_ends: addDays(evaluatedOn, settings.num('grading.publicityDays')),
        valid_until: validUntil,
        expired_on: validUntil <= today ? validUntil : null,
        recorded_by: null,
      })
      .execute();
  }
  // 持证社会工作者: the city-wide figures the seeds give (reference §12), as the city bureau would import them.
  await trx
    .insertInto('socialorg.social_worker_figures')
    .values([
      { as_of: '2020-12-31', certified: 30_000, senior: null, source: '上海市民政事业发展“十四五”规划：2020年持证社会工作者3万人', verified: true, recorded_by: null },
      { as_of: '2022-12-31', certified: 37_000, senior: 27, source: '2022年上海民政工作总结：持证社会工作者3.7万人，高级社工师27人', verified: true, recorded_by: null },
    ])
    .onConflict((oc) => oc.column('as_of').doNothing())
    .execute();
}
