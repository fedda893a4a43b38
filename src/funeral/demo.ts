/**
 * Demo data of the funeral line: the city's funeral homes, cemeteries (with plots buried over the year), a
 * columbarium, a sea-burial provider and an agency, with dated prices; and a year of deaths of demo elders
 * reported by hospitals, the police and caseworkers, each fanned out to the modules, most cremated, some with
 * the basic funeral subsidy and their manual items ticked. Deterministic for a seed and a day.
 */
import type { AccessTables, Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { addDays, addMonthsToDate, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { IdVault, listPersons, recordDeath, type PersonView, type RegistryTables } from '../registry/index.js';
import { recordCremation } from './cremations.js';
import { tickItem } from './deaths.js';
import { funeralDeps, tables } from './deps.js';
import type { BurialType, UnitKind } from './model.js';
import { applySubsidy } from './subsidies.js';
import { answerComplaint, intakeQuestions, recordComplaint, recordIntake } from './complaints.js';
import { actOnFinding, drawInspections, escalateOverdueFindings, recordInspection } from './supervision.js';
import { addPlots, addPrice, createUnit, recordBurial } from './units.js';

export interface FuneralDemoSummary {
  units: number;
  deaths: number;
  cremations: number;
  subsidies: number;
  findings: number;
  complaints: number;
  intakes: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const UNITS: { kind: UnitKind; name: string; division: string; plots?: [BurialType, number, boolean, number][] }[] = [
  { kind: 'funeral_home', name: '浦东殡仪馆', division: '310115000000' },
  { kind: 'funeral_home', name: '龙华殡仪馆', division: '310104000000' },
  { kind: 'funeral_home', name: '宝兴殡仪馆', division: '310106000000' },
  {
    kind: 'cemetery_commercial',
    name: '浦东福寿园',
    division: '310115000000',
    plots: [
      ['lawn', 0.5, true, 60],
      ['tree', 0.4, true, 40],
      ['wall', 0.3, true, 40],
      ['traditional', 1.2, true, 20],
      ['traditional', 1.5, false, 20],
    ],
  },
  { kind: 'cemetery_public', name: '潍坊公益性公墓', division: '310115004000', plots: [['deep', 0.3, true, 30]] },
  { kind: 'columbarium', name: '潍坊公益性骨灰堂', division: '310115004000', plots: [['niche', 0.1, true, 100]] },
  { kind: 'service_station', name: '潍坊殡仪服务站', division: '310115004000' },
  { kind: 'sea_burial', name: '上海海葬服务中心', division: '310115000000', plots: [['sea', 0, true, 50]] },
  { kind: 'agency', name: '浦东白事顾问服务社', division: '310115005000' },
];

const userActor = async (ctx: AppContext, username: string): Promise<Actor> => {
  const u = await ctx.db.kysely.withTables<AccessTables>().selectFrom('access.users').select(['id', 'username', 'display_name', 'role', 'jurisdiction_code']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username: u.username, displayName: u.display_name, role: u.role, jurisdiction: u.jurisdiction_code };
};

/** `settle` delivers the pending events to every module (the demo's dispatcher), so the deaths fan out. */
export async function loadFuneralDemo(ctx: AppContext, settle: () => Promise<void>, options: { seed: number; deaths?: number; now?: Date }): Promise<FuneralDemoSummary> {
  const deps = funeralDeps(ctx, { now: () => options.now ?? new Date() });
  const today = todayInShanghai(options.now);
  const random = rng(options.seed + 18);
  const admin = await userActor(ctx, 'admin');
  const pudong = await userActor(ctx, 'pudong');
  const units = new Map<string, number>();
  for (const u of UNITS) {
    const view = await createUnit(deps, admin, {
      kind: u.kind,
      name: u.name,
      divisionCode: u.division,
      licenceNumber: `沪殡证${String(units.size + 1).padStart(3, '0')}`,
      licenceCheckedYear: Number(today.slice(0, 4)) - (units.size % 3 === 2 ? 1 : 0),
      capacity: u.kind === 'funeral_home' ? { cremators: { flat: 6, advanced: 2 }, coldStorage: 80, halls: 8 } : {},
    });
    units.set(u.name, view.id);
    for (const [type, area, fresh, count] of u.plots ?? []) await addPlots(deps, admin, view.id, { burialType: type, areaM2: area, newArea: fresh, count });
    if (u.kind === 'funeral_home') {
      const since = `${Number(today.slice(0, 4)) - 1}-01-01`;
      await addPrice(deps, admin, view.id, { item: '遗体接运（基本殡仪车）', category: 'government', priceFen: 30_000, basicItem: 'transport', fromDate: since });
      await addPrice(deps, admin, view.id, { item: '遗体冷藏（每天）', category: 'government', priceFen: 6_000, basicItem: 'storage', fromDate: since });
      await addPrice(deps, admin, view.id, { item: '平板炉火化', category: 'government', priceFen: 40_000, basicItem: 'cremation', fromDate: since });
      await addPrice(deps, admin, view.id, { item: '骨灰寄存（每年）', category: 'government', priceFen: 20_000, basicItem: 'ash_storage', fromDate: since });
      await addPrice(deps, admin, view.id, { item: '告别厅（中厅）', category: 'guided', priceFen: 120_000, fromDate: since });
      await addPrice(deps, admin, view.id, { item: '骨灰盒（红木）', category: 'market', priceFen: 280_000, fromDate: since });
    }
  }
  // Burials over the year in the commercial cemetery: mostly small eco plots, some traditional graves.
  const cemetery = units.get('浦东福寿园') as number;
  for (let i = 0; i < 70; i++) {
    const type: BurialType = i % 7 === 0 ? 'traditional' : i % 3 === 0 ? 'tree' : i % 2 ? 'lawn' : 'wall';
    await recordBurial(deps, admin, cemetery, { burialType: type, buriedOn: addDays(today, -Math.floor(random() * 360) - 1) }).catch(() => undefined);
  }
  for (let i = 0; i < 8; i++) await recordBurial(deps, admin, units.get('上海海葬服务中心') as number, { burialType: 'sea', buriedOn: addDays(today, -Math.floor(random() * 300) - 30) });

  // A year of deaths of demo elders, in the order of their dates.
  const registry = ctx.db.kysely.withTables<RegistryTables>();
  const vault = new IdVault(ctx.config.secretKey);
  const elders: PersonView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20 && elders.length < 2000; page++) {
    const p = await listPersons(registry, vault, admin, { limit: 500, ...(cursor ? { cursor } : {}) });
    elders.push(...p.items.filter((x) => !x.deathDate && x.birthDate < '1950-01-01'));
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  const chosen = elders
    .map((p) => ({ p, k: random() }))
    .sort((a, b) => a.k - b.k)
    .slice(0, options.deaths ?? 120)
    .map(({ p }) => ({ p, on: addDays(today, -Math.floor(random() * 364) - 1) as IsoDate, source: (['hospital', 'hospital', 'police', 'caseworker'] as const)[Math.floor(random() * 4)] ?? 'hospital' }))
    .sort((a, b) => a.on.localeCompare(b.on));
  for (const d of chosen) await recordDeath(registry, admin, d.p.id, { deathDate: d.on, source: d.source });
  await settle();

  // Pudong's deaths: cremated at 浦东殡仪馆; older ones with their manual items done and a subsidy where due.
  const rows = await tables(deps).selectFrom('funeral.deaths').select(['id', 'death_date', 'hukou_division']).where('residence_division', 'like', '310115%').orderBy('death_date').execute();
  let cremations = 0;
  let subsidies = 0;
  for (const [i, r] of rows.entries()) {
    if (r.death_date > addDays(today, -3)) continue;
    const storage = 1 + Math.floor(random() * 4);
    await recordCremation(deps, pudong, r.id, {
      unitId: units.get('浦东殡仪馆') as number,
      collectedOn: r.death_date,
      crematedOn: addDays(r.death_date, storage),
      furnace: 'flat',
      certificateNumber: `PD${r.death_date.replaceAll('-', '')}${String(r.id).padStart(4, '0')}`,
      storageDays: storage,
      costFen: { transport: 30_000, storage: storage * 6_000, cremation: 40_000, ash_storage: 20_000 },
      familySigner: '家属（子女）',
      collectionAddress: i % 3 ? '医院太平间' : '家中',
      // Older deaths: the ashes picked up a few days on, or stored for a year; recent ones still to be picked up.
      ...(r.death_date <= addDays(today, -30)
        ? { ashes: i % 4 ? { disposition: 'pickup' as const, on: addDays(r.death_date, storage + 3) } : { disposition: 'stored' as const, on: addDays(r.death_date, storage), until: addMonthsToDate(addDays(r.death_date, storage), 12) } }
        : {}),
      ...(i % 9 === 4 ? { transport: { certificateNumber: `沪殡运${r.death_date.slice(0, 4)}${String(r.id).padStart(4, '0')}`, destination: '江苏省南通市' } } : {}),
    });
    cremations++;
    if (r.death_date > addDays(today, -30)) continue;
    const subsidy = await applySubsidy(deps, pudong, {
      deathId: r.id,
      kind: 'basic',
      organiserName: '家属',
      bankAccount: `62220200000${String(10_000 + r.id).slice(-5)}`,
      ...(i % 3 ? { ground: 'no_insurance_grant' as const, groundProof: '社保中心出具的未享受丧葬补助金证明' } : {}),
    }).catch(() => null);
    if (subsidy) subsidies++;
    if (i % 4 === 3) continue; // some stay open on the desk
    for (const item of ['pension', 'medical', 'housing_fund', 'id_card', 'disability']) await tickItem(deps, pudong, r.id, item, { note: '家属已在窗口办结' });
  }
  const supervision = await loadSupervisionDemo(deps, pudong, units, today);
  // 八必问 asked by 浦东殡仪馆 for the recent cremations.
  let intakes = 0;
  const questions = intakeQuestions(today);
  for (const r of rows.filter((x) => x.death_date > addDays(today, -60)).slice(0, 12)) {
    const answers = Object.fromEntries(questions.map((q) => [q.key, INTAKE_ANSWERS[q.key] ?? '已问询，家属已知悉']));
    if (await recordIntake(deps, pudong, r.id, { unitId: units.get('浦东殡仪馆') as number, answers }).catch(() => null)) intakes++;
  }
  return { units: UNITS.length, deaths: chosen.length, cremations, subsidies, ...supervision, intakes };
}

const INTAKE_ANSWERS: Record<string, string> = {
  identity: '居民死亡医学证明已核验',
  organiser: '子女（手机号已登记）',
  basic_service: '已告知，四项基本服务按实减免',
  assistance: '已核对救助身份',
  eco_burial: '已告知海葬、树葬及补贴，家属考虑树葬',
  price_list: '已出示价目表，家属自选告别厅和骨灰盒',
  ashes: '15 日内领取',
  transport: '不需要',
};

/**
 * Supervision of the year: a 双随机 draw in 浦东 (two done, the rest planned), a routine inspection with
 * findings (one verified, one awaiting review, one past its deadline → overdue), and hotline complaints
 * answered on time, late, still open and overdue.
 */
async function loadSupervisionDemo(deps: ReturnType<typeof funeralDeps>, pudong: Actor, units: Map<string, number>, today: IsoDate): Promise<{ findings: number; complaints: number }> {
  const draw = await drawInspections(deps, pudong, { divisionCode: '310115000000', count: 4, inspectors: ['张明', '李芳', '王强', '赵静', '陈立'], plannedOn: addDays(today, -75) });
  let findings = 0;
  const [first, second] = draw.items;
  if (first) {
    const done = await recordInspection(deps, pudong, {
      inspectionId: first.id,
      inspectedOn: addDays(today, -70),
      summary: '抽查服务合同 20 份、价目公示及骨灰寄存登记',
      findings: [
        { category: 'price_labelling', description: '告别厅价格未在服务大厅公示' },
        { category: 'contracts', description: '3 份服务合同未列明殡葬用品单价' },
      ],
    });
    findings += done.findings.length;
    // The second (contracts) stays open past its 30 days: the escalation below marks it overdue.
    const [labels] = done.findings;
    if (labels) {
      await actOnFinding(deps, pudong, labels.id, { action: 'rectify', on: addDays(today, -60), note: '已在服务大厅公示全部价目' });
      await actOnFinding(deps, pudong, labels.id, { action: 'verify', on: addDays(today, -55), note: '复查现场公示齐全' });
    }
  }
  if (second) {
    const done = await recordInspection(deps, pudong, {
      inspectionId: second.id,
      inspectedOn: addDays(today, -20),
      summary: '检查骨灰存放与殡葬用品销售',
      findings: [{ category: 'ash_storage', description: '骨灰寄存逾期未联系家属 5 例' }],
    });
    findings += done.findings.length;
    const [ash] = done.findings;
    if (ash) await actOnFinding(deps, pudong, ash.id, { action: 'rectify', on: addDays(today, -5), note: '已电话联系家属，4 例已领取' });
  }
  const agency = units.get('浦东白事顾问服务社');
  if (agency) {
    const done = await recordInspection(deps, pudong, {
      unitId: agency,
      kind: 'complaint',
      inspectedOn: addDays(today, -10),
      inspectors: '张明、赵静',
      summary: '核查 12345 投诉：强制捆绑销售',
      findings: [{ category: 'goods', description: '在医院周边推销寿衣、骨灰盒，价格未明示' }],
    });
    findings += done.findings.length;
  }
  await escalateOverdueFindings(deps);

  const home = units.get('浦东殡仪馆');
  const complaints = [
    { days: -40, category: '收费价格', summary: '告别厅收费高于公示价格', answer: { after: 8, text: '经核查已退还差价 200 元' } },
    { days: -35, category: '捆绑销售', summary: '接运人员推销高价骨灰盒', answer: { after: 30, text: '已约谈单位负责人，责令整改' } },
    { days: -30, category: '服务质量', summary: '遗体接运等候时间过长', answer: null },
    { days: -3, category: '骨灰存放', summary: '骨灰寄存到期未收到通知', answer: null },
  ];
  let n = 0;
  for (const c of complaints) {
    const received = addDays(today, c.days);
    const view = await recordComplaint(deps, pudong, {
      channel: 'hotline',
      ticket: `12345-${received.replaceAll('-', '')}-${String(++n).padStart(3, '0')}`,
      receivedOn: received,
      divisionCode: '310115000000',
      ...(home ? { unitId: home } : {}),
      category: c.category,
      summary: c.summary,
      complainant: '市民（匿名）',
    });
    if (c.answer) await answerComplaint(deps, pudong, view.id, { answeredOn: addDays(received, c.answer.after), answer: c.answer.text });
  }
  return { findings, complaints: complaints.length };
}
