/**
 * Yearly results per facility: 养老机构等级评定 (一级–五级, 五级 highest) and the 年度日常服务质量监测 score
 * (0–100, one decimal). A correction overwrites the year's row; the values it replaced go into the audit entry.
 */
import type { Actor } from '../access/index.js';
import { divisionPrefix, invalid } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import { facilityOrNotFound, listScope } from './supervised-facility.js';
import { gradeNames, supervisionTables, type SupervisionDb } from './supervision-model.js';

export interface GradingInput {
  grade?: number | null;
  qualityScore?: number | null;
  source: string;
}

export interface GradingView {
  facilityId: number;
  facilityName: string;
  year: number;
  grade: number | null;
  gradeName: string | null;
  qualityScore: number | null;
  source: string;
  recordedBy: number | null;
  recordedAt: string;
}

/** 87.5 → 875: the score is kept in tenths so it stays an integer; more than one decimal is refused, not rounded. */
export function scoreToTenths(score: number): number {
  const tenths = Math.round(score * 10);
  if (!Number.isFinite(score) || score < 0 || score > 100 || Math.abs(tenths - score * 10) > 1e-6) throw invalid('ELDERCARE_INVALID_QUALITY_SCORE', `服务质量监测得分须为 0–100、最多一位小数：${score}`);
  return tenths;
}

interface GradingRow {
  facility_id: number;
  facility_name: string;
  year: number;
  grade: number | null;
  quality_score_x10: number | null;
  source: string;
  recorded_by: number | null;
  recorded_at: Date;
}

const toView = (r: GradingRow): GradingView => ({
  facilityId: r.facility_id,
  facilityName: r.facility_name,
  year: r.year,
  grade: r.grade,
  gradeName: r.grade === null ? null : gradeNames[r.grade],
  qualityScore: r.quality_score_x10 === null ? null : r.quality_score_x10 / 10,
  source: r.source,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at.toISOString(),
});

const gradingRows = (db: SupervisionDb) => db.selectFrom('eldercare.gradings as g').innerJoin('eldercare.facilities as f', 'f.id', 'g.facility_id').selectAll('g').select('f.name as facility_name');

/** Records (or corrects) the year's result; the same values again change nothing. */
export async function recordGrading(deps: EldercareDeps, actor: Actor, facilityId: number, year: number, input: GradingInput): Promise<GradingView & { replayed: boolean }> {
  const thisYear = Number(today(deps).slice(0, 4));
  if (!Number.isSafeInteger(year) || year < 2000 || year > thisYear) throw invalid('ELDERCARE_INVALID_YEAR', `年度须在 2000–${thisYear} 之间：${year}`);
  const grade = input.grade ?? null;
  if (grade !== null && !(Number.isSafeInteger(grade) && grade >= 1 && grade <= 5)) throw invalid('ELDERCARE_INVALID_GRADE', `评定等级须为 1–5（一级至五级）：${grade}`);
  const quality = input.qualityScore == null ? null : scoreToTenths(input.qualityScore);
  if (grade === null && quality === null) throw invalid('ELDERCARE_GRADING_EMPTY', '须填写评定等级或服务质量监测得分');
  const source = input.source?.trim() ?? '';
  if (!source || source.length > 500) throw invalid('ELDERCARE_SOURCE_REQUIRED', '须注明结果来源（如评定批次、发布文件），不超过 500 字');
  return guardedTransaction(tables(deps), actor, async (raw, allow) => {
    const trx = supervisionTables(raw);
    const previous = await trx.selectFrom('eldercare.gradings').selectAll().where('facility_id', '=', facilityId).where('year', '=', year).forUpdate().executeTakeFirst();
    const same = previous !== undefined && previous.grade === grade && previous.quality_score_x10 === quality && previous.source === source;
    const detail = { year, grade, qualityScoreX10: quality, source, previous: previous ? { grade: previous.grade, qualityScoreX10: previous.quality_score_x10, source: previous.source } : null, unchanged: same };
    await facilityOrNotFound(trx, facilityId, allow, {
      permission: 'eldercare.supervise',
      action: previous && !same ? 'eldercare.grading.correct' : 'eldercare.grading.record',
      entityType: 'eldercare_facility',
      entityId: facilityId,
      detail,
    });
    if (!same) {
      const values = { grade, quality_score_x10: quality, source, recorded_by: actor.userId };
      await trx
        .insertInto('eldercare.gradings')
        .values({ facility_id: facilityId, year, ...values })
        .onConflict((oc) => oc.columns(['facility_id', 'year']).doUpdateSet({ ...values, recorded_at: new Date() }))
        .execute();
    }
    const row = await gradingRows(trx).where('g.facility_id', '=', facilityId).where('g.year', '=', year).executeTakeFirstOrThrow();
    return { ...toView(row), replayed: same };
  });
}

export async function listFacilityGradings(deps: EldercareDeps, actor: Actor, facilityId: number): Promise<GradingView[]> {
  const db = supervisionTables(tables(deps));
  await facilityOrNotFound(db, facilityId, (r) => allowRead(tables(deps), actor, r), { permission: 'eldercare.read', action: 'eldercare.grading.read', entityType: 'eldercare_facility', entityId: facilityId });
  return (await gradingRows(db).where('g.facility_id', '=', facilityId).orderBy('g.year', 'desc').execute()).map(toView);
}

export interface YearSummary {
  year: number;
  divisionCode: string;
  /** Facilities with a quality-monitoring score for the year (2024: 433 养老机构 city-wide). */
  monitored: number;
  averageQualityScore: number | null;
  graded: number;
  byGrade: { grade: number; gradeName: string; count: number }[];
  items: GradingView[];
}

/** The year's results in a jurisdiction (the published list 向社会发布结果), best score first. */
export async function gradingsOfYear(deps: EldercareDeps, actor: Actor, year: number, division?: string): Promise<YearSummary> {
  const scope = listScope(actor, division);
  const db = supervisionTables(tables(deps));
  await allowRead(tables(deps), actor, { permission: 'eldercare.read', action: 'eldercare.grading.list', entityType: 'eldercare_facility', divisionCodes: [scope], detail: { year, division: scope } });
  const rows = await gradingRows(db)
    .where('g.year', '=', year)
    .where('f.division_code', 'like', `${divisionPrefix(scope)}%`)
    .orderBy((eb) => eb.fn.coalesce('g.quality_score_x10', eb.val(-1)), 'desc')
    .orderBy('g.facility_id')
    .execute();
  const scores = rows.flatMap((r) => (r.quality_score_x10 === null ? [] : [r.quality_score_x10]));
  const counts = new Map<number, number>();
  for (const r of rows) if (r.grade !== null) counts.set(r.grade, (counts.get(r.grade) ?? 0) + 1);
  return {
    year,
    divisionCode: scope,
    monitored: scores.length,
    // Mean of tenths, shown to one decimal: Math.round(sum / n) tenths.
    averageQualityScore: scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) / 10 : null,
    graded: [...counts.values()].reduce((a, b) => a + b, 0),
    byGrade: [5, 4, 3, 2, 1].map((g) => ({ grade: g, gradeName: gradeNames[g], count: counts.get(g) ?? 0 })),
    items: rows.map(toView),
  };
}
