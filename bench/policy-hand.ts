/**
 * The hand-written baseline for the dibao rule: what an engineer would write directly against the columns,
 * in the fastest form we found (branch-free, all four conditions, same failure-mask bits as the engine).
 * Kept apart from the benchmark driver so the comparison is against plain code, not the engine's output.
 */
import type { PopulationColumns } from '../src/policy/index.js';

export interface HandConstants {
  readonly standard: number;
  readonly minor: number;
  readonly l1: number;
  readonly l2: number;
  readonly l3: number;
  /** yyyymmdd: members born on or before this day are 18 or older on the first day of the month. */
  readonly adultBornBy: number;
}

export interface HandOutput {
  readonly eligible: Uint8Array;
  readonly amountFen: Float64Array;
  readonly failMask: Uint32Array;
}

export function handDibao(c: PopulationColumns, k: HandConstants, out: HandOutput): void {
  const off = c.memberOffsets,
    income = c.monthlyIncomeFen,
    assets = c.monetaryAssetsFen;
  const hukou = c.hukouShanghai,
    vehicle = c.ownsVehicle,
    birth = c.birthYmd;
  const { standard, minor, l1, l2, l3, adultBornBy } = k;
  const extra = minor - standard;
  for (let h = 0; h < c.householdCount; h++) {
    const s = off[h],
      e = off[h + 1],
      n = e - s;
    let inc = 0,
      ast = 0,
      hk = 0,
      veh = 0,
      minors = 0;
    for (let i = s; i < e; i++) {
      inc += income[i];
      ast += assets[i];
      hk += hukou[i];
      veh += vehicle[i];
      minors += +(birth[i] > adultBornBy);
    }
    const limit = l1 + +(n >= 2) * (l2 - l1) + +(n >= 3) * (l3 - l2);
    const f = +(hk < 1) | (+(inc >= standard * n) << 1) | (+(ast > limit * n) << 2) | (+(veh !== 0) << 3);
    const ok = +(f === 0);
    out.eligible[h] = ok;
    out.failMask[h] = f;
    out.amountFen[h] = ok * Math.max(0, standard * n + extra * minors - inc);
  }
}
