/**
 * A deterministic synthetic population, written straight into columns, for benchmarks, equivalence tests
 * and demos without personal data. The mix is tuned so that every programme has recipients and many
 * households sit near the thresholds (where bugs live), not to resemble Shanghai's real statistics.
 */
import { daysInMonth } from '../kernel/index.js';
import { allocateColumns, type PopulationColumns } from './columns.js';

export const SHANGHAI_DISTRICTS = ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310112', '310113', '310114', '310115', '310116', '310117', '310118', '310120', '310151'] as const;

/** mulberry32: tiny, fast and reproducible across machines (Math.random is neither). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  readonly households: number;
  readonly seed?: number;
  /** Latest birth date, yyyymmdd (default 2024-12-31). */
  readonly bornBy?: number;
}

export function syntheticPopulation(options: SyntheticOptions): PopulationColumns {
  const random = rng(options.seed ?? 42);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const H = options.households;
  const sizes = new Uint8Array(H);
  let M = 0;
  for (let h = 0; h < H; h++) {
    const r = random();
    sizes[h] = r < 0.3 ? 1 : r < 0.6 ? 2 : r < 0.85 ? 3 : r < 0.95 ? 4 : 5;
    M += sizes[h];
  }
  const c = allocateColumns(H, M, SHANGHAI_DISTRICTS);
  const bornBy = options.bornBy ?? 20241231;
  const maxYear = Math.floor(bornBy / 10000);
  let i = 0;
  for (let h = 0; h < H; h++) {
    c.memberOffsets[h] = i;
    c.districtIndex[h] = int(0, SHANGHAI_DISTRICTS.length - 1);
    const poor = random() < 0.3;
    c.hasLegalSupporter[h] = random() < 0.85 ? 1 : 0;
    c.rigidExpensesLast12MonthsFen[h] = random() < 0.15 ? int(0, 200) * 50000 : 0;
    for (let k = 0; k < sizes[h]; k++, i++) {
      const year = int(1920, maxYear);
      const month = int(1, 12);
      let birth = year * 10000 + month * 100 + int(1, daysInMonth(year, month));
      if (birth > bornBy) birth = bornBy;
      c.birthYmd[i] = birth;
      c.hukouShanghai[i] = random() < 0.85 ? 1 : 0;
      // Incomes cluster around the 低保 and 低收入 thresholds (per person ~1500 and ~3200 yuan).
      const earns = random() < 0.55;
      c.monthlyIncomeFen[i] = earns ? (poor ? int(0, 4000) : int(1000, 30000)) * 100 : 0;
      c.monetaryAssetsFen[i] = (poor ? int(0, 70000) : int(0, 600000)) * 100;
      c.ownsVehicle[i] = random() < (poor ? 0.03 : 0.3) ? 1 : 0;
      const labor = random();
      c.laborCapacity[i] = labor < 0.8 ? 0 : labor < 0.9 ? 1 : 2;
      c.disabilityGrade[i] = random() < 0.05 ? int(1, 4) : 0;
      c.orphan[i] = random() < 0.02 ? 1 : 0;
    }
  }
  c.memberOffsets[H] = i;
  return c;
}
