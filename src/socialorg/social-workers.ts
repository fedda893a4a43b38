/**
 * 持证社会工作者: dated city-wide figures with their source, imported by the city bureau (reference §12: the seeds
 * give aggregate figures — 3万 in 2020, 3.7万 with 27 高级社工师 in 2022 — not a person registry). Shown in the
 * figures beside the plan's target (`figures.socialWorkersTarget`, indicator 14). A row per date: importing the
 * same date again replaces it (a correction), so a re-sent file changes nothing.
 */
import { requirePermission, type Actor } from '../access/index.js';
import { invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { guardedTransaction } from './guard.js';
import type { SocialorgDb } from './model.js';

export interface SocialWorkerFigure {
  asOf: IsoDate;
  certified: number;
  senior: number | null;
  source: string;
  verified: boolean;
}

export const MAX_FIGURE_ROWS = 200;

function problems(rows: readonly SocialWorkerFigure[], on: IsoDate): string[] {
  const out: string[] = [];
  if (rows.length === 0 || rows.length > MAX_FIGURE_ROWS) out.push(`每次导入 1–${MAX_FIGURE_ROWS} 行`);
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const at = `第 ${i + 1} 行`;
    if (!isValidDate(r.asOf)) out.push(`${at}：截至日期无效：${r.asOf}`);
    else if (r.asOf > on) out.push(`${at}：截至日期 ${r.asOf} 晚于今天`);
    else if (seen.has(r.asOf)) out.push(`${at}：截至日期 ${r.asOf} 重复`);
    seen.add(r.asOf);
    if (!Number.isSafeInteger(r.certified) || r.certified < 0) out.push(`${at}：持证社会工作者人数须为非负整数`);
    if (r.senior !== null && (!Number.isSafeInteger(r.senior) || r.senior < 0 || r.senior > r.certified)) out.push(`${at}：高级社会工作师人数须为非负整数且不超过持证总数`);
    if (!r.source.trim()) out.push(`${at}：须注明数据来源`);
  });
  return out;
}

/** All rows or none: a file with a bad row is refused whole (400 naming each row), nothing written. */
export async function importSocialWorkerFigures(deps: SocialorgDeps, actor: Actor, rows: SocialWorkerFigure[]): Promise<{ imported: number; figures: SocialWorkerFigure[] }> {
  requirePermission(actor, 'socialorg.configure');
  const found = problems(rows, today(deps));
  if (found.length) throw invalid('SOCIALORG_INVALID_FIGURES', found.join('；'));
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.configure', action: 'socialorg.social_workers.import', entityType: 'socialorg_figures', entityId: 'social_workers', detail: { rows: rows.length, dates: rows.map((r) => r.asOf) } });
    for (const r of rows) {
      const row = { certified: r.certified, senior: r.senior, source: r.source.trim(), verified: r.verified, recorded_by: actor.userId };
      await trx
        .insertInto('socialorg.social_worker_figures')
        .values({ as_of: r.asOf, ...row })
        .onConflict((oc) => oc.column('as_of').doUpdateSet({ ...row, recorded_at: new Date() }))
        .execute();
    }
    return { imported: rows.length, figures: await socialWorkerFigures(trx) };
  });
}

/** Oldest first. */
export async function socialWorkerFigures(db: SocialorgDb): Promise<SocialWorkerFigure[]> {
  const rows = await db.selectFrom('socialorg.social_worker_figures').select(['as_of', 'certified', 'senior', 'source', 'verified']).orderBy('as_of').execute();
  return rows.map((r) => ({ asOf: r.as_of, certified: Number(r.certified), senior: r.senior === null ? null : Number(r.senior), source: r.source, verified: r.verified }));
}

export async function listSocialWorkerFigures(deps: SocialorgDeps, actor: Actor): Promise<SocialWorkerFigure[]> {
  requirePermission(actor, 'socialorg.read');
  return socialWorkerFigures(tables(deps));
}
