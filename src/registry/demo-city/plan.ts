import { SHANGHAI_DISTRICTS, SHANGHAI_STREETS } from '../shanghai-divisions.js';
import { ordinal, pickStems } from './names.js';
import { hashString, Rng } from './random.js';

/** The demo logins' streets (src/demo/users.ts): they get a few hundred persons and the special cases. */
export const DEMO_STREETS = [
  { code: '310115004000', name: '潍坊新村街道' },
  { code: '310115005000', name: '陆家嘴街道' },
] as const;

/** Resident population, 2020 census (millions): the districts' shares of the demo city. */
const CENSUS_2020: Record<string, number> = {
  '310115': 5.68,
  '310112': 2.65,
  '310113': 2.24,
  '310117': 1.91,
  '310114': 1.83,
  '310118': 1.27,
  '310110': 1.24,
  '310107': 1.24,
  '310120': 1.14,
  '310104': 1.11,
  '310106': 0.98,
  '310116': 0.82,
  '310109': 0.76,
  '310105': 0.69,
  '310101': 0.66,
  '310151': 0.64,
};

/** Share of a town's committees that are villages (村委会), by district: Chongming is rural, the centre is not. */
const VILLAGE_SHARE: Record<string, number> = {
  '310151': 0.8,
  '310116': 0.7,
  '310120': 0.7,
  '310118': 0.7,
  '310117': 0.55,
  '310114': 0.55,
  '310115': 0.55,
  '310112': 0.35,
  '310113': 0.35,
};

/** About 3,000 residents per committee in Shanghai; the demo keeps at least three per street for the tree. */
const PERSONS_PER_COMMITTEE = 2500;

export interface Committee {
  code: string;
  name: string;
  kind: '居委会' | '村委会';
  /** Road, estate or village the addresses of its households start with. */
  addressBase: string;
  streetIndex: number;
}

export interface StreetPlan {
  index: number;
  code: string;
  name: string;
  kind: string;
  districtCode: string;
  persons: number;
  focus: boolean;
  committees: Committee[];
}

export interface CityPlan {
  streets: StreetPlan[];
  committees: Committee[];
}

export function planCity(seed: number, persons: number, focusCodes: readonly string[]): CityPlan {
  const focus = new Set(focusCodes);
  const districtWeight = new Map<string, number>();
  for (const s of SHANGHAI_STREETS) districtWeight.set(s.code.slice(0, 6), (districtWeight.get(s.code.slice(0, 6)) ?? 0) + streetWeight(s.code, s.kind));
  const shares = SHANGHAI_STREETS.map((s) => {
    const d = s.code.slice(0, 6);
    return (CENSUS_2020[d] ?? 0) * (streetWeight(s.code, s.kind) / (districtWeight.get(d) ?? 1));
  });
  const quotas = largestRemainder(persons, shares);
  const focusMin = Math.min(400, Math.floor(persons * 0.04));
  SHANGHAI_STREETS.forEach((s, i) => {
    for (let deficit = focusMin - quotas[i]; focus.has(s.code) && deficit > 0; deficit--) {
      let donor = -1;
      for (let j = 0; j < quotas.length; j++) {
        if (!focus.has(SHANGHAI_STREETS[j].code) && (donor < 0 || quotas[j] > quotas[donor])) donor = j;
      }
      if (donor < 0 || quotas[donor] === 0) break;
      quotas[donor]--;
      quotas[i]++;
    }
  });
  // Streets in district order (the order of SHANGHAI_DISTRICTS), so households are written district by district.
  const order = SHANGHAI_DISTRICTS.flatMap((d) => SHANGHAI_STREETS.map((s, i) => ({ s, i })).filter(({ s }) => s.code.startsWith(d.code.slice(0, 6))));
  const streets: StreetPlan[] = order.map(({ s, i }, index) => ({
    index,
    code: s.code,
    name: s.name,
    kind: s.kind,
    districtCode: `${s.code.slice(0, 6)}000000`,
    persons: quotas[i],
    focus: focus.has(s.code),
    committees: [],
  }));
  for (const street of streets) street.committees = planCommittees(seed, street);
  return { streets, committees: streets.flatMap((s) => s.committees) };
}

function planCommittees(seed: number, street: StreetPlan): Committee[] {
  const rng = new Rng(seed, hashString(street.code), 1);
  const other = street.kind === '其他统计单元';
  const count = Math.max(other ? 1 : 3, Math.min(other ? 10 : 70, Math.round(street.persons / PERSONS_PER_COMMITTEE)));
  const villages = street.kind === '镇' || street.kind === '乡' ? Math.round(count * (VILLAGE_SHARE[street.code.slice(0, 6)] ?? 0)) : 0;
  const stems = pickStems(rng, count);
  const committees: Committee[] = [];
  const base = street.code.slice(0, 9);
  for (let k = 0; k < count; k++) {
    const stem = stems[k % stems.length];
    if (k >= count - villages) {
      const n = 200 + k - (count - villages);
      committees.push({ code: base + String(n).padStart(3, '0'), name: `${stem}村村委会`, kind: '村委会', addressBase: `${stem}村`, streetIndex: street.index });
      continue;
    }
    const style = rng.int(5);
    const road = `${stem}路`;
    const [name, addressBase] =
      style === 0
        ? [`${stem}新村居委会`, `${stem}新村`]
        : style === 1
          ? [`${stem}苑居委会`, `${road}${rng.between(1, 999)}弄`]
          : style === 2
            ? [`${stem}花园居委会`, `${road}${rng.between(1, 999)}弄`]
            : [`${road}第${ordinal(rng.between(1, 3))}居委会`, road];
    committees.push({ code: base + String(k + 1).padStart(3, '0'), name, kind: '居委会', addressBase, streetIndex: street.index });
  }
  return committees;
}

/** Fixed per street (not per seed): town units are larger than 街道, statistical units (parks, farms) tiny. */
function streetWeight(code: string, kind: string): number {
  const u = hashString(code) / 4294967296;
  if (kind === '街道') return 0.7 + 0.6 * u;
  if (kind === '镇' || kind === '乡') return 1 + u;
  return 0.08;
}

/** Integer quotas summing to `total`, proportional to `weights` (Hamilton's method, ties by position). */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const quotas = exact.map(Math.floor);
  let left = total - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) quotas[byRemainder[k % byRemainder.length].i]++;
  return quotas;
}
