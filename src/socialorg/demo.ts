/**
 * Demo data: the demo city's 51/52/53 organisations plus a few hundred more get registration histories at the
 * seeds' shape (types 社团 25 % / 社服 71 % / 基金会 4 % (SYSTEMS.md), 参检率 93.7 %, 合格率 91 % (seed 2024 总结)),
 * annual reports for the last three years, the year-end listing runs and the credit run, so every page has data.
 */
import type { AppContext } from '../context.js';
import { addDays, makeCreditCode, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { insertOrganisationRecord, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type RegistryTables } from '../registry/index.js';
import { runAnnualListing, reportDeadline } from './annual.js';
import { runCreditLists } from './credit-lists.js';
import { socialorgDeps, tables } from './deps.js';
import { registryKinds, type ActionKind, type OrgType, type SocialorgDb } from './model.js';
import { CITY_REGISTRAR } from './registration.js';
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
  let listed = 0;
  for (let y = year - 3; y < year; y++) listed += (await runAnnualListing(deps, null, y, today)).types.reduce((n, t) => n + t.listed, 0);
  await runCreditLists(deps, null, today);
  return { organisations: count, listed, staffOrganisationId };
}
