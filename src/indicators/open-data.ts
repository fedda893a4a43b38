/**
 * 公开数据: the city admin publishes a finished month; its tables (aggregates by district) are computed once and
 * stored as published, small counts hidden, and served without login from the stored copy (cached in memory). Children
 * figures are by district only (no finer cut); nothing here reaches a personal record.
 */
import { type Actor, requirePermission } from '../access/index.js';
import { assistanceDeps, assistanceStats, programmeNames } from '../assistance/index.js';
import { childrenDeps, childrenFigures, CATEGORIES, categoryNames } from '../children/index.js';
import { figuresOn, type CommunityDeps } from '../community/index.js';
import { currentMonthInShanghai, invalid, isValidMonth, lastDayOfMonth, notFound, todayInShanghai } from '../kernel/index.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';
import { tables, type IndicatorDeps } from './deps.js';
import { buildOpenTable, type OpenTable, type OpenTableDef } from './open-table.js';

const PROGRAMMES = Object.keys(programmeNames) as (keyof typeof programmeNames)[];

export const OPEN_DATASETS: Record<string, OpenTableDef> = {
  assistance: {
    dataset: 'assistance',
    title: '社会救助：当月发放户数与金额（按区）',
    note: '按当月已发放的救助金统计；户数少于 5 户的单元格显示为“<5”，其金额一并隐去，并隐去另一单元格以免由合计推算。',
    columns: PROGRAMMES.flatMap((p) => [
      { key: `${p}_households`, name: `${programmeNames[p]}（户）`, kind: 'count' as const },
      { key: `${p}_yuan`, name: `${programmeNames[p]}（元）`, kind: 'money' as const, base: `${p}_households` },
    ]),
  },
  children: {
    dataset: 'children',
    title: '困境儿童：在册人数（按区，发布时）',
    note: '儿童数据只按区公布；少于 5 人显示为“<5”，并隐去另一单元格以免由合计推算。',
    columns: [...CATEGORIES.map((c) => ({ key: c, name: categoryNames[c], kind: 'count' as const })), { key: 'total', name: '合计', kind: 'count' as const }],
    rowTotal: 'total',
  },
  workers: {
    dataset: 'workers',
    title: '社区工作者：月末在岗人数与持证率（按区）',
    note: '持证率＝持社会工作者职业水平证书人数 ÷ 在岗人数；在岗少于 5 人的区不显示持证率。',
    columns: [
      { key: 'headcount', name: '在岗人数', kind: 'count' },
      { key: 'certifiedPercent', name: '持证率（%）', kind: 'percent', base: 'headcount' },
    ],
    derive: (key, raw) => (key === 'certifiedPercent' && (raw.headcount ?? 0) > 0 ? Math.round(((raw.certified ?? 0) * 1000) / raw.headcount) / 10 : null),
  },
};

/** Reads other modules' aggregates as a city-wide system actor (district staff role: the raw counts, never a person). */
const SYSTEM: Actor = { userId: 0, username: 'system:open-data', displayName: '公开数据（系统）', role: 'district_staff', jurisdiction: '310000000000' };
const LEADER: Actor = { ...SYSTEM, role: 'leader' };

async function rawTable(deps: IndicatorDeps, dataset: string, month: string): Promise<Map<string, Record<string, number>>> {
  const raw = new Map<string, Record<string, number>>();
  const add = (district: string, key: string, n: number) => {
    const row = raw.get(district) ?? {};
    row[key] = (row[key] ?? 0) + n;
    raw.set(district, row);
  };
  if (dataset === 'assistance') {
    const stats = await assistanceStats(assistanceDeps(deps.ctx, { today: () => todayInShanghai(deps.now()) }), LEADER, { from: month, to: month });
    for (const r of stats.rows) {
      add(r.districtCode, `${r.programme}_households`, r.households);
      add(r.districtCode, `${r.programme}_yuan`, r.amountFen / 100);
    }
  } else if (dataset === 'children') {
    const figures = await childrenFigures(childrenDeps(deps.ctx, { now: deps.now }), SYSTEM);
    for (const d of figures.byDistrict) for (const c of CATEGORIES) add(d.districtCode, c, Number(d.counts[c]));
    for (const d of figures.byDistrict) add(d.districtCode, 'total', Number(d.total));
  } else {
    const communityDeps: CommunityDeps = { db: deps.db, vault: deps.vault, now: deps.now };
    for (const district of SHANGHAI_DISTRICTS) {
      const f = await figuresOn(communityDeps, district.code, lastDayOfMonth(month), { staffing: false });
      add(district.code, 'headcount', f.headcount);
      add(district.code, 'certified', f.certified);
    }
  }
  return raw;
}

function checkMonth(month: string, deps: IndicatorDeps): void {
  if (!isValidMonth(month)) throw invalid('INDICATORS_INVALID_MONTH', `月份格式错误：${month}（应为 YYYY-MM）`);
  if (month >= currentMonthInShanghai(deps.now())) throw invalid('INDICATORS_MONTH_NOT_ENDED', `${month} 尚未结束，只能发布已结束的月份`);
}

/** Publishes (or re-publishes) a finished month: every dataset computed now and stored as published. */
export async function publishMonth(deps: IndicatorDeps, actor: Actor, month: string): Promise<{ month: string; datasets: { dataset: string; title: string; hiddenCells: number }[] }> {
  requirePermission(actor, 'indicators.enter');
  checkMonth(month, deps);
  const built: OpenTable[] = [];
  for (const def of Object.values(OPEN_DATASETS)) built.push(buildOpenTable(def, month, await rawTable(deps, def.dataset, month)));
  await tables(deps)
    .transaction()
    .execute(async (trx) => {
      for (const t of built)
        await trx
          .insertInto('indicators.open_data')
          .values({ month, dataset: t.dataset, payload: JSON.stringify(t), published_by: actor.userId })
          .onConflict((oc) => oc.columns(['month', 'dataset']).doUpdateSet({ payload: JSON.stringify(t), published_by: actor.userId, published_at: new Date() }))
          .execute();
    });
  cache.clear();
  return { month, datasets: built.map((t) => ({ dataset: t.dataset, title: t.title, hiddenCells: t.hiddenCells })) };
}

// Published tables change only on (re-)publication in this process; other processes see it within the minute.
const cache = new Map<string, { at: number; value: unknown }>();
const TTL_MS = 60_000;
async function cached<T>(key: string, now: number, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value as T;
  const value = await load();
  cache.set(key, { at: now, value });
  return value;
}

export interface OpenDataIndex {
  months: { month: string; publishedAt: string; datasets: { dataset: string; title: string }[] }[];
}

export async function openDataIndex(deps: IndicatorDeps): Promise<OpenDataIndex> {
  return cached('index', Date.now(), async () => {
    const rows = await tables(deps).selectFrom('indicators.open_data').select(['month', 'dataset', 'published_at']).orderBy('month', 'desc').orderBy('dataset').execute();
    const months = new Map<string, OpenDataIndex['months'][number]>();
    for (const r of rows) {
      const m = months.get(r.month) ?? { month: r.month, publishedAt: new Date(r.published_at).toISOString(), datasets: [] };
      m.datasets.push({ dataset: r.dataset, title: OPEN_DATASETS[r.dataset]?.title ?? r.dataset });
      months.set(r.month, m);
    }
    return { months: [...months.values()] };
  });
}

export async function openDataTable(deps: IndicatorDeps, month: string, dataset: string): Promise<OpenTable> {
  if (!isValidMonth(month)) throw invalid('INDICATORS_INVALID_MONTH', `月份格式错误：${month}（应为 YYYY-MM）`);
  if (!OPEN_DATASETS[dataset]) throw notFound('INDICATORS_DATASET_NOT_FOUND', `没有名为 ${dataset} 的公开数据集`);
  return cached(`${month}|${dataset}`, Date.now(), async () => {
    const row = await tables(deps).selectFrom('indicators.open_data').select('payload').where('month', '=', month).where('dataset', '=', dataset).executeTakeFirst();
    if (!row) throw notFound('INDICATORS_NOT_PUBLISHED', `${month} 的数据尚未公开`);
    return (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as OpenTable;
  });
}
