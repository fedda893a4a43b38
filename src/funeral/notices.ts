/**
 * Filing reports of a death (医院, 公安 — a caseworker's form or the exchange's 死亡确认 —, 街镇, 殡仪馆) on its record,
 * one path for every source: a report with a proof number already filed for that source is the same report (a retry
 * or a re-sent batch files nothing); the first report of a source other than the registry is `first`, later ones
 * `attached`; a report giving another death date goes to `review`, never to a second death. Set-based for a chunk.
 */
import type { IsoDate } from '../kernel/index.js';
import type { DeathSource, FuneralDb } from './model.js';

export interface DeathReport {
  deathId: number;
  /** The death date on the record (the registry's). */
  recordedDeathDate: IsoDate;
  source: DeathSource;
  proofNumber: string | null;
  /** The date this report gives. */
  deathDate: IsoDate;
  note: string | null;
  reportedBy: number | null;
}

/** Files the reports in order; returns how many were new. */
export async function fileDeathReports(trx: FuneralDb, reports: readonly DeathReport[]): Promise<number> {
  if (reports.length === 0) return 0;
  const ids = [...new Set(reports.map((r) => r.deathId))];
  const existing = await trx.selectFrom('funeral.notices').select(['death_id', 'source', 'proof_number']).where('death_id', 'in', ids).execute();
  const filed = new Set(existing.filter((n) => n.proof_number !== null).map((n) => `${n.death_id}|${n.source}|${n.proof_number}`));
  const reported = new Set(existing.filter((n) => n.source !== 'registry').map((n) => n.death_id));
  const rows = [];
  for (const r of reports) {
    if (r.proofNumber) {
      const key = `${r.deathId}|${r.source}|${r.proofNumber}`;
      if (filed.has(key)) continue;
      filed.add(key);
    }
    const differs = r.deathDate !== r.recordedDeathDate;
    rows.push({
      death_id: r.deathId,
      source: r.source,
      proof_number: r.proofNumber,
      death_date: r.deathDate,
      status: differs ? ('review' as const) : reported.has(r.deathId) ? ('attached' as const) : ('first' as const),
      note: differs ? `通报的死亡日期 ${r.deathDate} 与已登记的 ${r.recordedDeathDate} 不一致，待核实` : r.note,
      reported_by: r.reportedBy,
    });
    if (r.source !== 'registry') reported.add(r.deathId);
  }
  if (rows.length) await trx.insertInto('funeral.notices').values(rows).execute();
  return rows.length;
}
