/**
 * The pre-issue checks of marriage registration (A1, A2): every path that creates or issues a marriage runs
 * them. Each check names its rule and article; `fail` refuses, `review` holds the case for a side-by-side
 * compare (a lead, not proof), `pass` lets it through.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ageOn, addDays, type IsoDate } from '../kernel/index.js';
import type { MarriageDb } from './model.js';
import type { PartyId } from './parties.js';
import type { KnownPerson } from './registry-port.js';
import type { MarriageSettings } from './settings.js';

export type CheckOutcome = 'pass' | 'fail' | 'review';

export interface CheckResult {
  check: 'presence' | 'declaration' | 'sex' | 'age' | 'alive' | 'bigamy' | 'name_match' | 'kinship' | 'declared_status';
  outcome: CheckOutcome;
  rule: string;
  message: string;
  /** A review item created (or found cleared) for a `review` outcome. */
  compare?: { party: 'husband' | 'wife'; recordId: number; record: { name: string; birthDate: string | null; registeredOn: string; office: string | null } }[];
}

export interface CheckParty {
  role: 'husband' | 'wife';
  name: string;
  id: PartyId;
  present: boolean;
  declarationSigned: boolean;
  declaredStatus: 'unmarried' | 'divorced' | 'widowed';
  proof?: string;
  known?: KnownPerson;
}

const ROLE = { husband: '男方', wife: '女方' } as const;

/** The key an ID-less record's party carries in marriage.open_parties (the SQL function marriage.name_key, migration 002). */
export const nameKey = (sex: 'M' | 'F', name: string, birthDate: IsoDate): Buffer => createHash('sha256').update(`name:${sex}:${name}|${birthDate}`, 'utf8').digest();

/** 周岁 on the day: the birthday itself counts (kernel ageOn), or from the next day when the setting says so. */
export function ageOnDay(birthDate: IsoDate, on: IsoDate, dayAfter: boolean): number {
  return dayAfter ? ageOn(birthDate, addDays(on, -1)) : ageOn(birthDate, on);
}

async function everMarried(db: MarriageDb, hash: Buffer): Promise<{ divorced: boolean; widowed: boolean }> {
  const rows = await db
    .selectFrom('marriage.marriages')
    .select('end_reason')
    .where('ended_on', 'is not', null)
    .where('void_from_start', '=', false)
    .where((eb) => eb.or([eb('husband_hash', '=', hash), eb('wife_hash', '=', hash)]))
    .execute();
  return { divorced: rows.some((r) => r.end_reason === 'divorce' || r.end_reason === 'court_divorce'), widowed: rows.some((r) => r.end_reason === 'death') };
}

const LINEAL_OR_SIBLING = new Set(['child', 'parent', 'grandchild', 'grandparent', 'sibling']);

/** 1048 from the registry's household relations (relations are to the head of household). */
export function kinship(a: CheckParty, b: CheckParty): { outcome: CheckOutcome; relation?: string } {
  if (!a.known || !b.known) return { outcome: 'pass' };
  const rel = (p: CheckParty, of: number) => p.known?.relations.find((r) => r.personId === of)?.relation;
  const aId = a.known.person.id;
  const bId = b.known.person.id;
  const aRel = rel(a, aId);
  const bRel = rel(b, bId);
  // Not in one household: the registry says nothing.
  if (!a.known.relations.some((r) => r.personId === bId)) return { outcome: 'pass' };
  if (aRel === 'head' && bRel && LINEAL_OR_SIBLING.has(bRel)) return { outcome: 'fail', relation: bRel };
  if (bRel === 'head' && aRel && LINEAL_OR_SIBLING.has(aRel)) return { outcome: 'fail', relation: aRel };
  // Both related to the same head (two children, a child and a grandchild…): inferred kin, a lead for review.
  if (aRel && bRel && LINEAL_OR_SIBLING.has(aRel) && LINEAL_OR_SIBLING.has(bRel)) return { outcome: 'review', relation: `${aRel}/${bRel}` };
  return { outcome: 'pass' };
}

async function clearedReview(db: MarriageDb, kind: 'name_match' | 'kinship_inferred', key: string): Promise<boolean> {
  const row = await db.selectFrom('marriage.reviews').select('id').where('kind', '=', kind).where('status', '=', 'cleared').where(sql<boolean>`detail->>'key' = ${key}`).executeTakeFirst();
  return row !== undefined;
}

export async function runChecks(db: MarriageDb, parties: [CheckParty, CheckParty], on: IsoDate, settings: MarriageSettings): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const [h, w] = parties;
  const absent = parties.filter((p) => !p.present);
  results.push({
    check: 'presence',
    outcome: absent.length ? 'fail' : 'pass',
    rule: '《民法典》第1046条、第1049条：双方完全自愿，亲自到婚姻登记机关申请',
    message: absent.length ? `${absent.map((p) => ROLE[p.role]).join('、')}未亲自到场，不得代理` : '双方均亲自到场',
  });
  const unsigned = parties.filter((p) => !p.declarationSigned);
  results.push({
    check: 'declaration',
    outcome: unsigned.length ? 'fail' : 'pass',
    rule: '《婚姻登记条例》（2025）第8条：居民身份证及本人无配偶、与对方无直系血亲和三代以内旁系血亲关系的签字声明',
    message: unsigned.length ? `${unsigned.map((p) => ROLE[p.role]).join('、')}未签署声明` : '双方已签署声明',
  });
  const sexOk = h.id.sex === 'M' && w.id.sex === 'F';
  results.push({ check: 'sex', outcome: sexOk ? 'pass' : 'fail', rule: '《民法典》第1046条、第1049条：结婚登记为男女双方', message: sexOk ? '男女双方' : '身份证号码显示双方不是一男一女' });
  const hAge = ageOnDay(h.id.birthDate, on, settings.ageDayAfter);
  const wAge = ageOnDay(w.id.birthDate, on, settings.ageDayAfter);
  const young = [hAge < settings.ageMen ? `男方 ${hAge} 周岁，未满 ${settings.ageMen} 周岁` : '', wAge < settings.ageWomen ? `女方 ${wAge} 周岁，未满 ${settings.ageWomen} 周岁` : ''].filter(Boolean);
  results.push({
    check: 'age',
    outcome: young.length ? 'fail' : 'pass',
    rule: '《民法典》第1047条：男不得早于二十二周岁，女不得早于二十周岁（按登记当日计算）',
    message: young.length ? young.join('；') : `男方 ${hAge} 周岁，女方 ${wAge} 周岁`,
  });
  const dead = parties.filter((p) => p.known?.person.deathDate);
  results.push({ check: 'alive', outcome: dead.length ? 'fail' : 'pass', rule: '人口库死亡登记', message: dead.length ? `${dead.map((p) => ROLE[p.role]).join('、')}在人口库中已登记死亡` : '人口库无死亡登记' });

  // One index-only scan for both parties' bigamy and name checks (marriage.open_parties, kept by a trigger): the
  // parties' ID hashes and the name keys an ID-less record of each would carry.
  const keyOf = (p: CheckParty) => ({ hash: p.id.hash, name: nameKey(p.role === 'husband' ? 'M' : 'F', p.name, p.id.birthDate) });
  const keys = parties.map(keyOf);
  // The office's name comes with the hit (one round trip, not a second read of the offices).
  const hits = await db
    .selectFrom('marriage.open_parties as p')
    .leftJoin('marriage.offices as o', 'o.id', 'p.office_id')
    .select(['p.key', 'p.marriage_id', 'p.office_id', 'o.name as office_name'])
    .where(
      'p.key',
      'in',
      keys.flatMap((k) => [k.hash, k.name]),
    )
    .execute();
  const officeNames = new Map(hits.flatMap((hit) => (hit.office_id !== null && hit.office_name !== null ? [[hit.office_id, hit.office_name] as const] : [])));
  const officeOf = (id: number | null) => (id === null ? null : (officeNames.get(id) ?? null));
  const conflicts = new Set<string>();
  const nameHits: { party: CheckParty; marriageId: number }[] = [];
  for (const hit of hits) {
    const key = Buffer.from(hit.key);
    parties.forEach((p, i) => {
      if (key.equals(keys[i].hash)) conflicts.add(`${ROLE[p.role]}在${officeOf(hit.office_id) ?? '历史档案（补录/导入）'}有未解除的婚姻登记`);
      else if (key.equals(keys[i].name)) nameHits.push({ party: p, marriageId: Number(hit.marriage_id) });
    });
  }
  results.push({
    check: 'bigamy',
    outcome: conflicts.size ? 'fail' : 'pass',
    rule: '《民法典》第1042条、第1051条：禁止重婚；《婚姻登记条例》第9条：一方或双方已有配偶的不予登记',
    message: conflicts.size ? [...conflicts].join('；') : '全市婚姻登记档案（含历史档案）中双方均无未解除的婚姻',
  });

  const compare: NonNullable<CheckResult['compare']> = [];
  // Rare: only a name match reads the record itself, for the side-by-side compare.
  for (const { party: p, marriageId } of nameHits) {
    if (await clearedReview(db, 'name_match', `${p.id.hash.toString('hex')}:${marriageId}`)) continue;
    const r = await db.selectFrom('marriage.marriages').select(['office_id', 'registered_on', 'husband_name', 'husband_birth', 'wife_name', 'wife_birth']).where('id', '=', marriageId).executeTakeFirstOrThrow();
    const husband = p.role === 'husband';
    compare.push({ party: p.role, recordId: marriageId, record: { name: husband ? r.husband_name : r.wife_name, birthDate: husband ? r.husband_birth : r.wife_birth, registeredOn: r.registered_on, office: officeOf(r.office_id) } });
  }
  results.push({
    check: 'name_match',
    outcome: compare.length ? 'review' : 'pass',
    rule: '历史档案无身份证号码的，以姓名和出生日期比对，仅作核查线索，须人工比对',
    message: compare.length ? '有姓名、出生日期相同且未解除的无证号历史档案，须人工比对' : '无同名同出生日期的无证号历史档案',
    ...(compare.length ? { compare } : {}),
  });

  const kin = kinship(h, w);
  const kinKey = [h.id.hash.toString('hex'), w.id.hash.toString('hex')].join(':');
  const kinOutcome = kin.outcome === 'review' && (await clearedReview(db, 'kinship_inferred', kinKey)) ? 'pass' : kin.outcome;
  results.push({
    check: 'kinship',
    outcome: kinOutcome,
    rule: '《民法典》第1048条：直系血亲或者三代以内的旁系血亲禁止结婚',
    message: kinOutcome === 'fail' ? '人口库户籍关系显示双方为直系血亲或兄弟姐妹' : kinOutcome === 'review' ? '人口库显示双方同为一户户主的亲属，可能为三代以内旁系血亲，须人工核查' : '人口库未显示双方有禁止结婚的亲属关系',
  });

  const unproven: string[] = [];
  for (const p of parties) {
    if (p.declaredStatus === 'unmarried' || p.proof?.trim()) continue;
    const history = await everMarried(db, p.id.hash);
    if (p.declaredStatus === 'divorced' && !history.divorced) unproven.push(`${ROLE[p.role]}声明离婚，数据未显示，须提交生效判决书、调解书或离婚证并登记证明`);
    if (p.declaredStatus === 'widowed' && !history.widowed) unproven.push(`${ROLE[p.role]}声明丧偶，数据未显示，须提交配偶的死亡医学证明和结婚证并登记证明`);
  }
  results.push({
    check: 'declared_status',
    outcome: unproven.length ? 'fail' : 'pass',
    rule: '民政部答记者问（2025-05-11）：声明的婚姻状况与核验数据不符的，当事人须提交证明',
    message: unproven.length ? unproven.join('；') : '声明的婚姻状况与数据相符或已登记证明',
  });
  return results;
}

export const reviewKeys = { name: (hash: Buffer, recordId: number) => `${hash.toString('hex')}:${recordId}`, kin: (h: Buffer, w: Buffer) => `${h.toString('hex')}:${w.toString('hex')}` };
