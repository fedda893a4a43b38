/**
 * The 身故一件事 checklist of one death: the items configured on the death date, each answered by the module
 * that acted (its `<module>.death.settled`, first answer standing) or ticked by staff with a note. An automatic
 * item still unanswered `checklist.overdueHours` after the checklist opened is overdue.
 */
import { formatYuan, type Fen } from '../kernel/index.js';
import type { FuneralDb } from './model.js';
import { settingOn, type ChecklistItemDef } from './setting-defs.js';

export interface ChecklistItemView {
  key: string;
  label: string;
  kind: 'auto' | 'manual';
  status: 'done' | 'pending' | 'overdue';
  /** What the module did, in words (amounts in yuan), or the staff note. */
  answer: string | null;
  answeredAt: string | null;
  /** Money the module recorded as paid after the death, to recover (fen). */
  recoverFen: Fen;
}

const programmeLabel: Record<string, string> = { dibao: '低保', low_income: '低收入', expense_poverty: '因病支出型贫困救助', destitute: '特困供养', temporary: '临时救助', elderly_allowance: '老年综合津贴' };
const label = (p: unknown) => programmeLabel[String(p)] ?? String(p);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
const months = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The answer of a module in words, and the money it found to recover. */
export function describeSettlement(module: string, payload: Record<string, unknown>): { text: string; recoverFen: Fen } {
  if (module === 'registry') {
    const ended = list(payload.membershipsEnded);
    const headless = Array.isArray(payload.headlessHouseholds) ? payload.headlessHouseholds.map(String) : [];
    const parts = [
      `人口库已于 ${String(payload.deathDate)} 登记死亡`,
      ...ended.map((m) => `家庭 ${String(m.householdId)} 的成员关系至 ${String(payload.deathDate)} 止（自 ${String(m.until)} 起不再计入家庭）`),
      ...(headless.length ? [`家庭 ${headless.join('、')} 已无户主，列入“变更户主”待办`] : []),
    ];
    return { text: parts.join('；'), recoverFen: 0 };
  }
  if (module === 'assistance') {
    const cases = list(payload.cases);
    if (!cases.length) return { text: '无在办救助案件，无需处理', recoverFen: 0 };
    let recoverFen = 0;
    const parts = cases.map((c) => {
      if (c.action !== 'stopped') return `${label(c.programme)}案件 ${String(c.caseId)}：家庭仍有成员，自 ${String(c.effectiveMonth)} 起按新的家庭人口重新计算，列入复核`;
      const overpaid = months(c.overpaidMonths);
      const fen = Number(c.overpaidFen ?? 0);
      recoverFen += fen;
      return `${label(c.programme)}案件 ${String(c.caseId)}：自 ${String(c.effectiveMonth)} 起终止${overpaid.length ? `，已发放的 ${overpaid.join('、')} 共 ${overpaid.length} 个月 ${formatYuan(fen)} 元应追回` : ''}`;
    });
    return { text: parts.join('；'), recoverFen };
  }
  if (module === 'monitoring') {
    const grants = list(payload.allowances);
    if (!grants.length) return { text: '无在发津贴，无需处理', recoverFen: 0 };
    let recoverFen = 0;
    const parts = grants.map((g) => {
      const recover = months(g.recoverMonths);
      const fen = Number(g.recoverFen ?? 0);
      recoverFen += fen;
      return `${label(g.programme)}自 ${String(g.untilMonth)} 起停发${recover.length ? `，已发放的 ${recover.join('、')} 共 ${recover.length} 个月 ${formatYuan(fen)} 元应追回` : ''}`;
    });
    return { text: parts.join('；'), recoverFen };
  }
  if (module === 'eldercare') {
    const stays = list(payload.staysEnded);
    const apps = list(payload.applicationsClosed);
    if (!stays.length && !apps.length) return { text: '无入住或轮候记录，无需处理', recoverFen: 0 };
    const parts = [
      ...stays.map((s) => `入住记录 ${String(s.stayId)} 于 ${String(s.dischargedOn)} 结束，床位 ${String(s.bedId)} 已腾空${s.basicGuarantee ? '并进入保基本床位轮候分配' : ''}`),
      ...(apps.length ? [`轮候申请 ${apps.map(String).join('、')} 已关闭`] : []),
    ];
    return { text: parts.join('；'), recoverFen: 0 };
  }
  if (module === 'marriage') {
    const ended = list(payload.marriages);
    if (!ended.length) return { text: '无存续的婚姻登记，无需处理', recoverFen: 0 };
    const parts = ended.map((m) => `婚姻关系于 ${String(m.endedOn)} 因一方死亡终止${m.spouseStatus ? `，配偶婚姻状况为${maritalStatusName[String(m.spouseStatus)] ?? String(m.spouseStatus)}` : '（配偶不在本市人口库）'}`);
    return { text: parts.join('；'), recoverFen: 0 };
  }
  if (module === 'children') {
    const reports = Number(payload.reportsOpened ?? 0);
    const guardianships = list(payload.guardianships);
    const stopped = Number(payload.subsidiesStopped ?? 0);
    const parts = [
      ...(reports ? [`为 ${reports} 名未成年子女启动困境儿童报告`] : []),
      ...(payload.caseClosed ? ['本人儿童福利案件结案'] : []),
      ...(guardianships.length ? [`担任监护人的 ${guardianships.length} 名儿童监护关系于死亡之日终止，已交儿童主任复核监护安排`] : []),
      ...(stopped ? [`残疾人两项补贴停发 ${stopped} 项`] : []),
    ];
    return { text: parts.length ? parts.join('；') : '无未成年子女、被监护儿童或儿童福利待遇，无需处理', recoverFen: 0 };
  }
  return { text: '已处理', recoverFen: 0 };
}

const maritalStatusName: Record<string, string> = { widowed: '丧偶', married: '已婚', divorced: '离异', unmarried: '未婚' };

interface DeathForChecklist {
  id: number;
  person_id: number | null;
  items: ChecklistItemDef[];
  opened_at: Date;
}

export async function checklistOf(db: FuneralDb, death: DeathForChecklist, now: Date): Promise<ChecklistItemView[]> {
  const settled = death.person_id === null ? [] : await db.selectFrom('funeral.settlements').selectAll().where('person_id', '=', death.person_id).execute();
  const ticks = await db.selectFrom('funeral.ticks').selectAll().where('death_id', '=', death.id).execute();
  const overdueMs = Number(settingOn('checklist.overdueHours', death.opened_at.toISOString().slice(0, 10)).value) * 3_600_000;
  return death.items.map((item) => {
    if (item.kind === 'auto') {
      const s = settled.find((x) => x.module === item.module);
      if (s) {
        const d = describeSettlement(s.module, s.payload);
        return { key: item.key, label: item.label, kind: item.kind, status: 'done', answer: d.text, answeredAt: s.settled_at.toISOString(), recoverFen: d.recoverFen };
      }
      const overdue = now.getTime() - death.opened_at.getTime() > overdueMs;
      return { key: item.key, label: item.label, kind: item.kind, status: overdue ? 'overdue' : 'pending', answer: null, answeredAt: null, recoverFen: 0 };
    }
    const t = ticks.find((x) => x.item === item.key);
    return { key: item.key, label: item.label, kind: item.kind, status: t ? 'done' : 'pending', answer: t?.note ?? null, answeredAt: t?.ticked_at.toISOString() ?? null, recoverFen: 0 };
  });
}

/** Marks the checklist complete the first time every item is done (the figure "days to complete" reads it). */
export async function refreshCompletion(db: FuneralDb, deathId: number, now: Date): Promise<void> {
  const death = await db.selectFrom('funeral.deaths').select(['id', 'person_id', 'items', 'opened_at', 'completed_at']).where('id', '=', deathId).executeTakeFirst();
  if (!death || death.completed_at) return;
  const items = await checklistOf(db, death, now);
  if (items.every((i) => i.status === 'done')) await db.updateTable('funeral.deaths').set({ completed_at: now }).where('id', '=', deathId).where('completed_at', 'is', null).execute();
}

/**
 * `refreshCompletion` for the registered deaths of many persons at once (a chunk of answers): three reads and
 * one update, whatever their number. Overdue does not matter here — only whether every item is done.
 */
export async function refreshCompletions(db: FuneralDb, personIds: readonly number[], now: Date): Promise<void> {
  if (personIds.length === 0) return;
  const deaths = await db.selectFrom('funeral.deaths').select(['id', 'person_id', 'items']).where('person_id', 'in', personIds).where('completed_at', 'is', null).execute();
  if (deaths.length === 0) return;
  const settled = await db.selectFrom('funeral.settlements').select(['person_id', 'module']).where('person_id', 'in', personIds).execute();
  const ticked = await db
    .selectFrom('funeral.ticks')
    .select(['death_id', 'item'])
    .where(
      'death_id',
      'in',
      deaths.map((d) => d.id),
    )
    .execute();
  const answered = new Set(settled.map((s) => `${s.person_id}:${s.module}`));
  const done = new Set(ticked.map((t) => `${t.death_id}:${t.item}`));
  const complete = deaths.filter((d) => d.items.every((item) => (item.kind === 'auto' ? answered.has(`${d.person_id}:${item.module}`) : done.has(`${d.id}:${item.key}`)))).map((d) => d.id);
  if (complete.length) await db.updateTable('funeral.deaths').set({ completed_at: now }).where('id', 'in', complete).where('completed_at', 'is', null).execute();
}
