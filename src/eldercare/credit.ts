/**
 * 信用评价 (《上海市养老服务机构信用评价管理办法》): a rating A/B/C/D per facility, computed as of today from
 * what supervision recorded. The published measures do not give the scoring, so every weight and threshold is
 * an effective-dated setting (credit.*, verified: false) and the rating names each input and rule it used:
 *
 *   score = 100 − Σ deduct[severity] × findings in the window − deduct.overdue × findings gone overdue in the window
 *           + gradePoints × latest 等级评定 grade + round((latest 质量监测 score − baseline) × weight%)
 *   clamped to 0–100; A ≥ thresholdA, B ≥ thresholdB, C ≥ thresholdC, else D;
 *   and D whatever the score while a 重大隐患 is overdue, when criticalOverdueIsD.
 *
 * The window is the `windowMonths` months up to today (a finding counts by its inspection date, an overdue by
 * the day the job marked it).
 */
import type { Actor } from '../access/index.js';
import { addDays, addMonthsToDate, divisionPrefix, type IsoDate } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { allowRead } from './guard.js';
import { loadSettings, SETTINGS, type EldercareSettings, type SettingName } from './settings.js';
import { facilityOrNotFound, listScope } from './supervised-facility.js';
import { CREDIT_RATINGS, creditRatingNames, gradeNames, SEVERITIES, severityNames, supervisionTables, type CreditRating, type Severity, type SupervisionDb } from './supervision-model.js';

export type CreditSettings = EldercareSettings['supervision']['credit'];

export interface CreditInputs {
  window: { from: IsoDate; to: IsoDate };
  findings: Record<Severity, number>;
  /** Findings marked overdue (a missed deadline) within the window. */
  overdue: number;
  /** 重大隐患 overdue and still not rectified today. */
  criticalOverdueNow: number;
  grade: { year: number; grade: number } | null;
  /** Quality-monitoring score in tenths of a point. */
  quality: { year: number; scoreX10: number } | null;
}

export interface CreditItem {
  code: string;
  label: string;
  count: number | null;
  points: number;
  rule: string;
}

export interface CreditResult {
  score: number;
  rating: CreditRating;
  ratingName: string;
  /** Why the rating is lower than the score alone would give, if it is. */
  cappedBy: string | null;
  items: CreditItem[];
}

/** n / d (d > 0) rounded half away from zero, in integers. */
function roundDiv(n: number, d: number): number {
  const r = Math.floor((Math.abs(n) + d / 2) / d);
  return n < 0 && r > 0 ? -r : r;
}

/** A deduction as negative points; 0 stays 0 (not −0, which JSON and equality checks treat apart). */
const minus = (points: number): number => (points === 0 ? 0 : -points);

export function rateCredit(inputs: CreditInputs, s: CreditSettings): CreditResult {
  const items: CreditItem[] = [{ code: 'base', label: '基础分', count: null, points: 100, rule: '基础分 100 分' }];
  for (const severity of SEVERITIES) {
    const count = inputs.findings[severity];
    items.push({ code: `findings.${severity}`, label: `统计期内检查发现${severityNames[severity]}`, count, points: minus(s.deduct[severity] * count), rule: `每个扣 ${s.deduct[severity]} 分` });
  }
  items.push({ code: 'overdue', label: '统计期内逾期未整改的问题', count: inputs.overdue, points: minus(s.deduct.overdue * inputs.overdue), rule: `每个另扣 ${s.deduct.overdue} 分` });
  items.push(
    inputs.grade
      ? { code: 'grade', label: `${inputs.grade.year} 年度等级评定 ${gradeNames[inputs.grade.grade]}`, count: inputs.grade.grade, points: s.gradePoints * inputs.grade.grade, rule: `每级加 ${s.gradePoints} 分` }
      : { code: 'grade', label: '无等级评定结果', count: null, points: 0, rule: '不加分' },
  );
  if (inputs.quality) {
    const diff = inputs.quality.scoreX10 - s.qualityBaseline * 10;
    items.push({
      code: 'quality',
      label: `${inputs.quality.year} 年度服务质量监测 ${inputs.quality.scoreX10 / 10} 分`,
      count: null,
      points: roundDiv(diff * s.qualityWeightPercent, 1000),
      rule: `与基准 ${s.qualityBaseline} 分之差 × ${s.qualityWeightPercent}%，四舍五入到整分`,
    });
  } else items.push({ code: 'quality', label: '无服务质量监测结果', count: null, points: 0, rule: '不加减分' });
  const raw = items.reduce((sum, item) => sum + item.points, 0);
  const score = Math.min(Math.max(raw, 0), 100);
  const t = s.thresholds;
  let rating: CreditRating = score >= t.A ? 'A' : score >= t.B ? 'B' : score >= t.C ? 'C' : 'D';
  let cappedBy: string | null = null;
  if (s.criticalOverdueIsD && inputs.criticalOverdueNow > 0 && rating !== 'D') {
    rating = 'D';
    cappedBy = `有 ${inputs.criticalOverdueNow} 个重大隐患逾期未整改，不论得分评为 D 级`;
  }
  return { score, rating, ratingName: creditRatingNames[rating], cappedBy, items };
}

interface RatedFacility {
  name: string;
  divisionCode: string;
  inputs: CreditInputs;
}

const emptyInputs = (window: CreditInputs['window']): CreditInputs => ({ window, findings: { minor: 0, major: 0, critical: 0 }, overdue: 0, criticalOverdueNow: 0, grade: null, quality: null });

/** The inputs of every facility in scope, a few grouped queries whatever the number of facilities. */
async function gatherInputs(db: SupervisionDb, scope: { facilityId: number } | { prefix: string }, on: IsoDate, windowMonths: number): Promise<Map<number, RatedFacility>> {
  const window = { from: addDays(addMonthsToDate(on, -windowMonths), 1), to: on };
  // Day boundaries in Asia/Shanghai (UTC+8, no daylight saving) as instants, for the log's timestamps.
  const fromInstant = new Date(`${window.from}T00:00:00+08:00`);
  const toInstant = new Date(`${addDays(on, 1)}T00:00:00+08:00`);
  const pattern = 'prefix' in scope ? `${scope.prefix}%` : '%';
  const onlyId = 'facilityId' in scope ? scope.facilityId : null;
  const facilities = await db
    .selectFrom('eldercare.facilities as f')
    .select(['f.id', 'f.name', 'f.division_code'])
    .where('f.division_code', 'like', pattern)
    .$if(onlyId !== null, (q) => q.where('f.id', '=', onlyId ?? 0))
    .$if(onlyId === null, (q) => q.where('f.status', '!=', 'closed'))
    .execute();
  const rated = new Map(facilities.map((f) => [f.id, { name: f.name, divisionCode: f.division_code, inputs: emptyInputs(window) }]));
  const inputs = new Map([...rated].map(([id, r]) => [id, r.inputs]));
  if (!inputs.size) return rated;

  const findings = await db
    .selectFrom('eldercare.findings as n')
    .innerJoin('eldercare.inspections as i', 'i.id', 'n.inspection_id')
    .innerJoin('eldercare.facilities as f', 'f.id', 'n.facility_id')
    .select(['n.facility_id', 'n.severity', (eb) => eb.fn.countAll<number>().as('n')])
    .where('f.division_code', 'like', pattern)
    .$if(onlyId !== null, (q) => q.where('f.id', '=', onlyId ?? 0))
    .where('i.inspected_on', '>=', window.from)
    .where('i.inspected_on', '<=', window.to)
    .groupBy(['n.facility_id', 'n.severity'])
    .execute();
  for (const r of findings) {
    const entry = inputs.get(r.facility_id);
    if (entry) entry.findings[r.severity] = Number(r.n);
  }

  const overdue = await db
    .selectFrom('eldercare.finding_log as l')
    .innerJoin('eldercare.findings as n', 'n.id', 'l.finding_id')
    .innerJoin('eldercare.facilities as f', 'f.id', 'n.facility_id')
    .select(['n.facility_id', (eb) => eb.fn.count<number>('l.finding_id').distinct().as('n')])
    .where('f.division_code', 'like', pattern)
    .$if(onlyId !== null, (q) => q.where('f.id', '=', onlyId ?? 0))
    .where('l.action', '=', 'overdue')
    .where('l.at', '>=', fromInstant)
    .where('l.at', '<', toInstant)
    .groupBy('n.facility_id')
    .execute();
  for (const r of overdue) {
    const entry = inputs.get(r.facility_id);
    if (entry) entry.overdue = Number(r.n);
  }

  const critical = await db
    .selectFrom('eldercare.findings as n')
    .innerJoin('eldercare.facilities as f', 'f.id', 'n.facility_id')
    .select(['n.facility_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('f.division_code', 'like', pattern)
    .$if(onlyId !== null, (q) => q.where('f.id', '=', onlyId ?? 0))
    .where('n.severity', '=', 'critical')
    .where('n.overdue', '=', true)
    .where('n.status', 'in', ['open', 'reopened'])
    .groupBy('n.facility_id')
    .execute();
  for (const r of critical) {
    const entry = inputs.get(r.facility_id);
    if (entry) entry.criticalOverdueNow = Number(r.n);
  }

  const year = Number(on.slice(0, 4));
  const latest = (column: 'grade' | 'quality_score_x10') =>
    db
      .selectFrom('eldercare.gradings as g')
      .innerJoin('eldercare.facilities as f', 'f.id', 'g.facility_id')
      .distinctOn('g.facility_id')
      .select(['g.facility_id', 'g.year', `g.${column} as value`])
      .where('f.division_code', 'like', pattern)
      .$if(onlyId !== null, (q) => q.where('f.id', '=', onlyId ?? 0))
      .where('g.year', '<=', year)
      .where(`g.${column}`, 'is not', null)
      .orderBy('g.facility_id')
      .orderBy('g.year', 'desc')
      .execute();
  for (const r of await latest('grade')) {
    const entry = inputs.get(r.facility_id);
    if (entry && r.value !== null) entry.grade = { year: r.year, grade: r.value };
  }
  for (const r of await latest('quality_score_x10')) {
    const entry = inputs.get(r.facility_id);
    if (entry && r.value !== null) entry.quality = { year: r.year, scoreX10: r.value };
  }
  return rated;
}

export interface CreditParameter {
  name: SettingName;
  label: string;
  value: unknown;
  from: IsoDate;
  verified: boolean;
  source: string;
}

export interface CreditView extends CreditResult {
  facilityId: number;
  facilityName: string;
  divisionCode: string;
  on: IsoDate;
  inputs: CreditInputs;
  parameters: CreditParameter[];
}

function parametersUsed(settings: EldercareSettings): CreditParameter[] {
  return (Object.keys(settings.used) as SettingName[]).filter((name) => name.startsWith('credit.')).map((name) => ({ name, label: SETTINGS[name].label, ...settings.used[name] }));
}

/** One facility's rating with every input, rule and parameter behind it. */
export async function creditRating(deps: EldercareDeps, actor: Actor, facilityId: number): Promise<CreditView> {
  const db = supervisionTables(tables(deps));
  const facility = await facilityOrNotFound(db, facilityId, (r) => allowRead(tables(deps), actor, r), { permission: 'eldercare.read', action: 'eldercare.credit.read', entityType: 'eldercare_facility', entityId: facilityId });
  const on = today(deps);
  const settings = await loadSettings(tables(deps), on);
  // A closed facility is left out of the lists, not out of a look-up by id.
  const inputs = (await gatherInputs(db, { facilityId }, on, settings.supervision.credit.windowMonths)).get(facilityId)?.inputs ?? emptyInputs({ from: on, to: on });
  return { facilityId, facilityName: facility.name, divisionCode: facility.division_code, on, inputs, ...rateCredit(inputs, settings.supervision.credit), parameters: parametersUsed(settings) };
}

export type CreditSummary = Omit<CreditView, 'parameters' | 'items' | 'on'>;

/** Every facility in a jurisdiction (closed ones left out), worst first, with the count per rating. */
export async function creditRatings(
  deps: EldercareDeps,
  actor: Actor,
  query: { division?: string; rating?: CreditRating } = {},
): Promise<{ on: IsoDate; divisionCode: string; counts: Record<CreditRating, number>; items: CreditSummary[]; parameters: CreditParameter[] }> {
  const scope = listScope(actor, query.division);
  const db = supervisionTables(tables(deps));
  await allowRead(tables(deps), actor, { permission: 'eldercare.read', action: 'eldercare.credit.list', entityType: 'eldercare_facility', divisionCodes: [scope], detail: { rating: query.rating, division: scope } });
  const on = today(deps);
  const settings = await loadSettings(tables(deps), on);
  const rated = await gatherInputs(db, { prefix: divisionPrefix(scope) }, on, settings.supervision.credit.windowMonths);
  const all = [...rated.entries()].map(([facilityId, facility]) => {
    const { items: _items, ...result } = rateCredit(facility.inputs, settings.supervision.credit);
    return { facilityId, facilityName: facility.name, divisionCode: facility.divisionCode, inputs: facility.inputs, ...result };
  });
  const counts = Object.fromEntries(CREDIT_RATINGS.map((r) => [r, all.filter((x) => x.rating === r).length])) as Record<CreditRating, number>;
  const items = all.filter((x) => !query.rating || x.rating === query.rating).sort((a, b) => b.rating.localeCompare(a.rating) || a.score - b.score || a.facilityId - b.facilityId);
  return { on, divisionCode: scope, counts, items, parameters: parametersUsed(settings) };
}
