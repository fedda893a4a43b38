/**
 * The columnar population the screening kernels read (struct of arrays, one typed array per field).
 *
 * Layout: households 0..H-1, members 0..M-1, members of household h are the contiguous range
 * [memberOffsets[h], memberOffsets[h+1]) — so a kernel walks a household's members without any index
 * indirection and never allocates. Every household must have at least one member.
 *
 * | column                        | type         | per       | meaning                                       |
 * |-------------------------------|--------------|-----------|-----------------------------------------------|
 * | memberOffsets                 | Int32Array   | H + 1     | start of each household's member range; [H]=M |
 * | districtIndex                 | Uint16Array  | household | index into `districts` (grouping for reports) |
 * | rigidExpensesLast12MonthsFen  | Float64Array | household | fen (Float64 holds integers exactly to 2^53)  |
 * | hasLegalSupporter             | Uint8Array   | household | 0 / 1                                         |
 * | birthYmd                      | Int32Array   | member    | birth date as yyyymmdd, e.g. 20080229         |
 * | hukouShanghai, ownsVehicle, orphan | Uint8Array | member | 0 / 1                                         |
 * | laborCapacity                 | Uint8Array   | member    | 0 full, 1 partial, 2 none (LABOR_CODES)       |
 * | disabilityGrade               | Uint8Array   | member    | 0 none, 1–4                                   |
 * | childCategory                 | Uint8Array   | member    | 0 none, else CHILD_CATEGORY_CODES             |
 * | monthlyIncomeFen, monetaryAssetsFen | Float64Array | member | fen                                        |
 *
 * yyyymmdd birth dates make ages cheap: age on day D = floor((D − B) / 10000), which also gets 29 February
 * right (someone born 2008-02-29 is 18 on 2026-03-01, not on 2026-02-28).
 *
 * A database-backed screen fills these arrays from a query ordered by household (COPY or a cursor),
 * keeping `householdIds`/`memberIds` (or its own key arrays) alongside to write results back.
 */
import { CHILD_CATEGORY_CODES, LABOR_CODES, type ChildCategory, type LaborCapacity } from './dsl.js';
import type { HouseholdFacts, MemberFacts } from './household.js';

export interface PopulationColumns {
  readonly householdCount: number;
  readonly memberCount: number;
  readonly memberOffsets: Int32Array;
  readonly districtIndex: Uint16Array;
  readonly districts: readonly string[];
  readonly rigidExpensesLast12MonthsFen: Float64Array;
  readonly hasLegalSupporter: Uint8Array;
  readonly birthYmd: Int32Array;
  readonly hukouShanghai: Uint8Array;
  readonly ownsVehicle: Uint8Array;
  readonly orphan: Uint8Array;
  readonly laborCapacity: Uint8Array;
  readonly disabilityGrade: Uint8Array;
  readonly childCategory: Uint8Array;
  readonly monthlyIncomeFen: Float64Array;
  readonly monetaryAssetsFen: Float64Array;
}

export type MemberColumn = 'birthYmd' | 'hukouShanghai' | 'ownsVehicle' | 'orphan' | 'laborCapacity' | 'disabilityGrade' | 'childCategory' | 'monthlyIncomeFen' | 'monetaryAssetsFen';
export type HouseholdColumn = 'rigidExpensesLast12MonthsFen' | 'hasLegalSupporter';

const LABOR_BY_CODE: readonly LaborCapacity[] = ['full', 'partial', 'none'];
const CHILD_CATEGORY_BY_CODE = Object.fromEntries(Object.entries(CHILD_CATEGORY_CODES).map(([k, v]) => [v, k])) as Record<number, ChildCategory>;
const pad2 = (n: number): string => String(n).padStart(2, '0');

export const isoFromYmd = (v: number): string => `${String(Math.floor(v / 10000)).padStart(4, '0')}-${pad2(Math.floor(v / 100) % 100)}-${pad2(v % 100)}`;

/**
 * One household back out of the columns, e.g. to explain a household a screen flagged. Member ids are
 * positional ("m0", "m1", …) unless the caller keeps its own id arrays.
 */
export function householdFromColumns(c: PopulationColumns, h: number, memberId: (i: number) => string = (i) => `m${i - c.memberOffsets[h]}`): HouseholdFacts {
  const members: MemberFacts[] = [];
  for (let i = c.memberOffsets[h]; i < c.memberOffsets[h + 1]; i++) {
    const grade = c.disabilityGrade[i];
    members.push({
      id: memberId(i),
      birthDate: isoFromYmd(c.birthYmd[i]),
      hukouShanghai: c.hukouShanghai[i] !== 0,
      disability: grade >= 1 && grade <= 4 ? { grade: grade as 1 | 2 | 3 | 4, category: '未登记' } : null,
      laborCapacity: LABOR_BY_CODE[c.laborCapacity[i]] ?? 'full',
      orphan: c.orphan[i] !== 0,
      monthlyIncomeFen: c.monthlyIncomeFen[i],
      monetaryAssetsFen: c.monetaryAssetsFen[i],
      ownsVehicle: c.ownsVehicle[i] !== 0,
      ...(c.childCategory[i] !== 0 ? { childCategory: CHILD_CATEGORY_BY_CODE[c.childCategory[i]] } : {}),
    });
  }
  return { members, rigidExpensesLast12MonthsFen: c.rigidExpensesLast12MonthsFen[h], hasLegalSupporter: c.hasLegalSupporter[h] !== 0 };
}

export const ymd = (isoDate: string): number => Number(isoDate.slice(0, 4)) * 10000 + Number(isoDate.slice(5, 7)) * 100 + Number(isoDate.slice(8, 10));

/** Preallocated columns filled household by household; `finish` trims to what was added. */
export class ColumnsBuilder {
  private h = 0;
  private m = 0;
  private readonly districtByName = new Map<string, number>();
  private cols: PopulationColumns;

  constructor(householdCapacity: number, memberCapacity: number) {
    this.cols = allocateColumns(householdCapacity, memberCapacity, []);
  }

  addHousehold(facts: HouseholdFacts, district: string): number {
    const c = this.cols;
    if (this.h >= c.householdCount || this.m + facts.members.length > c.memberCount) throw new Error('ColumnsBuilder capacity exceeded');
    if (facts.members.length === 0) throw new Error('a household needs at least one member');
    let d = this.districtByName.get(district);
    if (d === undefined) {
      d = this.districtByName.size;
      this.districtByName.set(district, d);
    }
    const h = this.h++;
    c.districtIndex[h] = d;
    c.rigidExpensesLast12MonthsFen[h] = facts.rigidExpensesLast12MonthsFen;
    c.hasLegalSupporter[h] = facts.hasLegalSupporter ? 1 : 0;
    c.memberOffsets[h] = this.m;
    for (const mf of facts.members) {
      const i = this.m++;
      c.birthYmd[i] = ymd(mf.birthDate);
      c.hukouShanghai[i] = mf.hukouShanghai ? 1 : 0;
      c.ownsVehicle[i] = mf.ownsVehicle ? 1 : 0;
      c.orphan[i] = mf.orphan ? 1 : 0;
      c.laborCapacity[i] = LABOR_CODES[mf.laborCapacity];
      c.disabilityGrade[i] = mf.disability?.grade ?? 0;
      c.childCategory[i] = CHILD_CATEGORY_CODES[mf.childCategory ?? 'none'];
      c.monthlyIncomeFen[i] = mf.monthlyIncomeFen;
      c.monetaryAssetsFen[i] = mf.monetaryAssetsFen;
    }
    c.memberOffsets[h + 1] = this.m;
    return h;
  }

  finish(): PopulationColumns {
    const c = this.cols;
    const H = this.h;
    const M = this.m;
    return {
      householdCount: H,
      memberCount: M,
      memberOffsets: c.memberOffsets.subarray(0, H + 1),
      districtIndex: c.districtIndex.subarray(0, H),
      districts: [...this.districtByName.keys()],
      rigidExpensesLast12MonthsFen: c.rigidExpensesLast12MonthsFen.subarray(0, H),
      hasLegalSupporter: c.hasLegalSupporter.subarray(0, H),
      birthYmd: c.birthYmd.subarray(0, M),
      hukouShanghai: c.hukouShanghai.subarray(0, M),
      ownsVehicle: c.ownsVehicle.subarray(0, M),
      orphan: c.orphan.subarray(0, M),
      laborCapacity: c.laborCapacity.subarray(0, M),
      disabilityGrade: c.disabilityGrade.subarray(0, M),
      childCategory: c.childCategory.subarray(0, M),
      monthlyIncomeFen: c.monthlyIncomeFen.subarray(0, M),
      monetaryAssetsFen: c.monetaryAssetsFen.subarray(0, M),
    };
  }
}

export function allocateColumns(households: number, members: number, districts: readonly string[]): PopulationColumns {
  return {
    householdCount: households,
    memberCount: members,
    memberOffsets: new Int32Array(households + 1),
    districtIndex: new Uint16Array(households),
    districts,
    rigidExpensesLast12MonthsFen: new Float64Array(households),
    hasLegalSupporter: new Uint8Array(households),
    birthYmd: new Int32Array(members),
    hukouShanghai: new Uint8Array(members),
    ownsVehicle: new Uint8Array(members),
    orphan: new Uint8Array(members),
    laborCapacity: new Uint8Array(members),
    disabilityGrade: new Uint8Array(members),
    childCategory: new Uint8Array(members),
    monthlyIncomeFen: new Float64Array(members),
    monetaryAssetsFen: new Float64Array(members),
  };
}

export function columnsFromHouseholds(rows: readonly { facts: HouseholdFacts; district: string }[]): PopulationColumns {
  const builder = new ColumnsBuilder(
    rows.length,
    rows.reduce((n, r) => n + r.facts.members.length, 0),
  );
  for (const r of rows) builder.addHousehold(r.facts, r.district);
  return builder.finish();
}

/** Cheap structural check before a kernel trusts the offsets (a bad offset would read another household). */
export function checkColumns(c: PopulationColumns): void {
  const H = c.householdCount;
  if (c.memberOffsets.length !== H + 1 || c.memberOffsets[0] !== 0 || c.memberOffsets[H] !== c.memberCount) throw new Error('memberOffsets do not match the counts');
  for (let h = 0; h < H; h++) if (c.memberOffsets[h + 1] <= c.memberOffsets[h]) throw new Error(`household ${h} has no members`);
  for (const k of ['districtIndex', 'rigidExpensesLast12MonthsFen', 'hasLegalSupporter'] as const) if (c[k].length !== H) throw new Error(`${k} length`);
  for (const k of ['birthYmd', 'hukouShanghai', 'ownsVehicle', 'orphan', 'laborCapacity', 'disabilityGrade', 'childCategory', 'monthlyIncomeFen', 'monetaryAssetsFen'] as const) {
    if (c[k].length !== c.memberCount) throw new Error(`${k} length`);
  }
}
