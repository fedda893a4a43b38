/**
 * A screened population: the kernel's columns (columns.ts) plus the registry keys needed to write results
 * back — household id and 12-digit division per household, person id per member. Built household by
 * household with plain numeric calls (no object per row), from a COPY stream (copy-parse.ts), a snapshot
 * chunk (snapshot-codec.ts) or other populations (merging a snapshot with its patches).
 */
import { allocateColumns, type PopulationColumns } from './columns.js';

export interface Population {
  readonly columns: PopulationColumns;
  /** Registry household id per household. */
  readonly householdIds: Float64Array;
  /** 12-digit division code per household (exact in a double). */
  readonly divisionCodes: Float64Array;
  /** Registry person id per member. */
  readonly memberIds: Float64Array;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** District (first six digits) of a 12-digit division code held as a number. */
export const districtOf = (divisionCode: number): string => String(Math.floor(divisionCode / 1_000_000));

export class PopulationBuilder {
  private h = 0;
  private m = 0;
  private cols: Mutable<PopulationColumns>;
  private householdIds: Float64Array;
  private divisionCodes: Float64Array;
  private memberIds: Float64Array;
  private readonly districtIndex = new Map<number, number>();

  constructor(householdCapacity = 1024, memberCapacity = 2048) {
    this.cols = allocateColumns(Math.max(1, householdCapacity), Math.max(1, memberCapacity), []);
    this.householdIds = new Float64Array(this.cols.householdCount);
    this.divisionCodes = new Float64Array(this.cols.householdCount);
    this.memberIds = new Float64Array(this.cols.memberCount);
  }

  get households(): number {
    return this.h;
  }

  get members(): number {
    return this.m;
  }

  beginHousehold(householdId: number, divisionCode: number, rigidExpensesFen: number, hasLegalSupporter: number): void {
    if (this.h > 0 && this.cols.memberOffsets[this.h - 1] === this.m) throw new Error(`household ${this.householdIds[this.h - 1]} has no members`);
    if (this.h + 1 >= this.cols.householdCount) this.grow(this.cols.householdCount * 2, this.cols.memberCount);
    const h = this.h++;
    const district = Math.floor(divisionCode / 1_000_000);
    let d = this.districtIndex.get(district);
    if (d === undefined) this.districtIndex.set(district, (d = this.districtIndex.size));
    this.cols.districtIndex[h] = d;
    this.cols.rigidExpensesLast12MonthsFen[h] = rigidExpensesFen;
    this.cols.hasLegalSupporter[h] = hasLegalSupporter;
    this.cols.memberOffsets[h] = this.m;
    this.householdIds[h] = householdId;
    this.divisionCodes[h] = divisionCode;
  }

  addMember(personId: number, birthYmd: number, hukou: number, disabilityGrade: number, laborCode: number, orphan: number, incomeFen: number, assetsFen: number, vehicle: number): void {
    if (this.h === 0) throw new Error('addMember before beginHousehold');
    if (this.m >= this.cols.memberCount) this.grow(this.cols.householdCount, this.cols.memberCount * 2);
    const c = this.cols;
    const i = this.m++;
    this.memberIds[i] = personId;
    c.birthYmd[i] = birthYmd;
    // Flags are 0/1 by contract (the kernel adds them); clamp anything else rather than trust the wire.
    c.hukouShanghai[i] = hukou ? 1 : 0;
    c.disabilityGrade[i] = disabilityGrade;
    c.laborCapacity[i] = laborCode;
    c.orphan[i] = orphan ? 1 : 0;
    c.monthlyIncomeFen[i] = incomeFen;
    c.monetaryAssetsFen[i] = assetsFen;
    c.ownsVehicle[i] = vehicle ? 1 : 0;
  }

  /** Copies household h of another population (its members included). */
  appendFrom(p: Population, h: number): void {
    const c = p.columns;
    this.beginHousehold(p.householdIds[h], p.divisionCodes[h], c.rigidExpensesLast12MonthsFen[h], c.hasLegalSupporter[h]);
    for (let i = c.memberOffsets[h]; i < c.memberOffsets[h + 1]; i++) {
      this.addMember(p.memberIds[i], c.birthYmd[i], c.hukouShanghai[i], c.disabilityGrade[i], c.laborCapacity[i], c.orphan[i], c.monthlyIncomeFen[i], c.monetaryAssetsFen[i], c.ownsVehicle[i]);
    }
  }

  /** Appends a whole population with typed-array copies (a snapshot chunk): no call per member. */
  appendAll(p: Population): void {
    const c = p.columns;
    const H = c.householdCount;
    const M = c.memberCount;
    if (H === 0) return;
    if (this.h > 0 && this.cols.memberOffsets[this.h - 1] === this.m) throw new Error(`household ${this.householdIds[this.h - 1]} has no members`);
    if (this.h + H + 1 >= this.cols.householdCount || this.m + M > this.cols.memberCount) {
      this.grow(Math.max(this.cols.householdCount * 2, this.h + H + 2), Math.max(this.cols.memberCount * 2, this.m + M));
    }
    const t = this.cols;
    const h0 = this.h;
    const m0 = this.m;
    const remap = c.districts.map((code) => {
      const key = Number(code);
      let d = this.districtIndex.get(key);
      if (d === undefined) this.districtIndex.set(key, (d = this.districtIndex.size));
      return d;
    });
    for (let h = 0; h < H; h++) {
      t.districtIndex[h0 + h] = remap[c.districtIndex[h]];
      t.memberOffsets[h0 + h] = m0 + c.memberOffsets[h];
    }
    t.rigidExpensesLast12MonthsFen.set(c.rigidExpensesLast12MonthsFen, h0);
    t.hasLegalSupporter.set(c.hasLegalSupporter, h0);
    this.householdIds.set(p.householdIds, h0);
    this.divisionCodes.set(p.divisionCodes, h0);
    for (const k of ['birthYmd', 'hukouShanghai', 'ownsVehicle', 'orphan', 'laborCapacity', 'disabilityGrade', 'childCategory', 'monthlyIncomeFen', 'monetaryAssetsFen'] as const) t[k].set(c[k], m0);
    this.memberIds.set(p.memberIds, m0);
    this.h += H;
    this.m += M;
  }

  finish(): Population {
    const H = this.h;
    const M = this.m;
    if (H > 0 && this.cols.memberOffsets[H - 1] === M) throw new Error(`household ${this.householdIds[H - 1]} has no members`);
    const c = this.cols;
    c.memberOffsets[H] = M;
    const districts = [...this.districtIndex.keys()].map(String);
    return {
      columns: {
        householdCount: H,
        memberCount: M,
        memberOffsets: c.memberOffsets.subarray(0, H + 1),
        districtIndex: c.districtIndex.subarray(0, H),
        districts,
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
      },
      householdIds: this.householdIds.subarray(0, H),
      divisionCodes: this.divisionCodes.subarray(0, H),
      memberIds: this.memberIds.subarray(0, M),
    };
  }

  /** Doubling keeps the amortised cost of growth to one extra copy of each value. */
  private grow(households: number, members: number): void {
    const old = this.cols;
    const next = allocateColumns(households, members, []) as Mutable<PopulationColumns>;
    const H = this.h + 1;
    const M = this.m;
    for (const k of ['memberOffsets', 'districtIndex', 'rigidExpensesLast12MonthsFen', 'hasLegalSupporter'] as const) next[k].set(old[k].subarray(0, Math.min(H, old[k].length)));
    for (const k of ['birthYmd', 'hukouShanghai', 'ownsVehicle', 'orphan', 'laborCapacity', 'disabilityGrade', 'childCategory', 'monthlyIncomeFen', 'monetaryAssetsFen'] as const) next[k].set(old[k].subarray(0, M));
    this.cols = next;
    const copy = (from: Float64Array, size: number, used: number) => {
      const to = new Float64Array(size);
      to.set(from.subarray(0, used));
      return to;
    };
    this.householdIds = copy(this.householdIds, households, this.h);
    this.divisionCodes = copy(this.divisionCodes, households, this.h);
    this.memberIds = copy(this.memberIds, members, M);
  }
}

/** The households of a population as a population of their own (e.g. one district for a snapshot chunk). */
export function selectHouseholds(p: Population, keep: (h: number) => boolean): Population {
  const off = p.columns.memberOffsets;
  let households = 0;
  let members = 0;
  for (let h = 0; h < p.columns.householdCount; h++) {
    if (!keep(h)) continue;
    households++;
    members += off[h + 1] - off[h];
  }
  const b = new PopulationBuilder(households + 1, members);
  for (let h = 0; h < p.columns.householdCount; h++) if (keep(h)) b.appendFrom(p, h);
  return b.finish();
}

/** The population split by district in one pass (index d of `columns.districts` → its households). */
export function splitByDistrict(p: Population): Population[] {
  const c = p.columns;
  const off = c.memberOffsets;
  const households = new Int32Array(c.districts.length);
  const members = new Int32Array(c.districts.length);
  for (let h = 0; h < c.householdCount; h++) {
    households[c.districtIndex[h]]++;
    members[c.districtIndex[h]] += off[h + 1] - off[h];
  }
  const builders = c.districts.map((_, d) => new PopulationBuilder(households[d] + 1, members[d]));
  for (let h = 0; h < c.householdCount; h++) builders[c.districtIndex[h]].appendFrom(p, h);
  return builders.map((b) => b.finish());
}
