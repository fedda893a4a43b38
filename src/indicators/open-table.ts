/**
 * One open-data table: districts × columns with the city total, counts under 5 shown as "<5" with complementary
 * suppression (kernel/small-counts.ts) over both the district column groups (→ city total) and, where the table has
 * a row total, each district's row. A money sum or ratio is hidden with the count of persons it is over.
 */
import { HIDDEN_MARK, type SuppressionGroup, suppressSmallCounts } from '../kernel/index.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';

export type OpenCell = number | typeof HIDDEN_MARK | null;

export interface OpenColumn {
  key: string;
  name: string;
  /** count: persons or households (suppressed); money: yuan over `base`; percent: a share over `base`. */
  kind: 'count' | 'money' | 'percent';
  /** For money and percent: the count column whose persons the value is over. */
  base?: string;
}

export interface OpenTable {
  dataset: string;
  title: string;
  month: string;
  note: string;
  columns: OpenColumn[];
  /** The count column that adds up the row's other counts, when the table has one. */
  rowTotal?: string;
  rows: { districtCode: string; districtName: string; cells: Record<string, OpenCell> }[];
  total: Record<string, OpenCell>;
  hiddenCells: number;
}

export interface OpenTableDef {
  dataset: string;
  title: string;
  note: string;
  columns: OpenColumn[];
  rowTotal?: string;
  /** Computes a money or percent cell from the row's raw numbers (null when it has no value). */
  derive?: (key: string, raw: Record<string, number>) => number | null;
}

const CITY = 'city';

/** Builds the published table from raw numbers per district (missing districts count 0). */
export function buildOpenTable(def: OpenTableDef, month: string, raw: ReadonlyMap<string, Record<string, number>>): OpenTable {
  const counts = def.columns.filter((c) => c.kind === 'count');
  const districts = SHANGHAI_DISTRICTS.map((d) => d.code);
  const value = (district: string, key: string) => raw.get(district)?.[key] ?? 0;
  const cityRaw: Record<string, number> = {};
  // Every raw number is summed for the city (also the inputs of a ratio, e.g. the certified workers).
  for (const d of districts) for (const [key, n] of Object.entries(raw.get(d) ?? {})) cityRaw[key] = (cityRaw[key] ?? 0) + n;
  const cells = new Map<string, number>();
  const groups: SuppressionGroup[] = [];
  for (const c of counts) {
    for (const d of districts) cells.set(`${d}|${c.key}`, value(d, c.key));
    cells.set(`${CITY}|${c.key}`, cityRaw[c.key] ?? 0);
    groups.push({ cells: districts.map((d) => `${d}|${c.key}`), total: `${CITY}|${c.key}` });
  }
  if (def.rowTotal)
    for (const d of [...districts, CITY])
      groups.push({
        cells: counts.filter((c) => c.key !== def.rowTotal).map((c) => `${d}|${c.key}`),
        total: `${d}|${def.rowTotal}`,
      });
  const suppressed = suppressSmallCounts(cells, groups);
  const rowOf = (district: string, rawRow: Record<string, number>): Record<string, OpenCell> => {
    const out: Record<string, OpenCell> = {};
    for (const c of def.columns) {
      if (c.kind === 'count') out[c.key] = suppressed.values.get(`${district}|${c.key}`) ?? 0;
      else if (c.base && suppressed.hiddenKeys.has(`${district}|${c.base}`)) out[c.key] = HIDDEN_MARK;
      else out[c.key] = c.kind === 'percent' ? (def.derive?.(c.key, rawRow) ?? null) : (rawRow[c.key] ?? 0);
    }
    return out;
  };
  const names = new Map(SHANGHAI_DISTRICTS.map((d) => [d.code, d.name]));
  return {
    dataset: def.dataset,
    title: def.title,
    month,
    note: def.note,
    columns: def.columns,
    rowTotal: def.rowTotal,
    rows: districts.map((d) => ({ districtCode: d, districtName: names.get(d) ?? d, cells: rowOf(d, raw.get(d) ?? {}) })),
    total: rowOf(CITY, cityRaw),
    hiddenCells: suppressed.hiddenKeys.size,
  };
}

const csvCell = (v: OpenCell) => (v === null ? '' : String(v));

/** CSV with a BOM (Excel opens it as UTF-8); district names and column names are ours, never user text. */
export function openTableCsv(table: OpenTable): string {
  const lines = [['区代码', '区', ...table.columns.map((c) => c.name)].join(',')];
  for (const r of table.rows) lines.push([r.districtCode, r.districtName, ...table.columns.map((c) => csvCell(r.cells[c.key]))].join(','));
  lines.push(['310000000000', '全市', ...table.columns.map((c) => csvCell(table.total[c.key]))].join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
