import { compose, SIZE_WEIGHTS, type Relation, type Special } from './compose.js';
import { ADDRESS_CODES, IdAllocator, SHANGHAI_CODE_COUNT } from './identity.js';
import { pickGivenName, pickSurname } from './names.js';
import { OUTSIDE_COUNTIES } from './outside.js';
import type { CityPlan, Committee, StreetPlan } from './plan.js';
import { civil } from './calendar.js';
import { hashString, Rng, Weighted } from './random.js';

export type LabourCapacity = 'full' | 'partial' | 'none';

export interface PersonModel {
  /** 0-based position in the whole city; the row id is the reserved base + index. */
  index: number;
  relation: Relation;
  sex: 'M' | 'F';
  birthDay: number;
  name: string;
  /** Index into ADDRESS_CODES; < SHANGHAI_CODE_COUNT means Shanghai registration. */
  addressCode: number;
  sequence: number;
  hukouDivision: string;
  /** -1 while alive. */
  deathDay: number;
  disabilityGrade: number;
  disabilityCategory: string;
  labour: LabourCapacity;
  since: number;
}

export interface HouseholdModel {
  index: number;
  committee: Committee;
  special: Special;
  /** Seeds the detail streams (address, facts) so a pass that needs no facts draws none. */
  detailSeed: number;
  members: PersonModel[];
}

const SPECIALS: Special[] = ['dibao', 'low_income', 'expense', 'orphan', 'destitute', 'none'];
/** A few percent of households near the thresholds; the demo streets get more, and a fixed opening list. */
const CITY_SPECIALS = new Weighted(SPECIALS, [1.5, 1.0, 0.5, 0.02, 0.05, 96.93]);
const FOCUS_SPECIALS = new Weighted(SPECIALS, [5, 4, 2, 0.5, 0.5, 88]);
const FOCUS_OPENING: Special[] = ['destitute', 'orphan', 'dibao', 'dibao', 'low_income', 'expense', 'destitute', 'orphan', 'dibao', 'low_income', 'expense', 'dibao'];

const SIZES = new Weighted([1, 2, 3, 4, 5, 6, 7], SIZE_WEIGHTS);
const COUNTIES = new Weighted(
  OUTSIDE_COUNTIES.map((_, i) => SHANGHAI_CODE_COUNT + i),
  OUTSIDE_COUNTIES.map((c) => c.weight),
);
const CATEGORIES = new Weighted(['肢体', '视力', '听力', '精神', '智力', '多重', '言语'], [45, 13, 12, 12, 8, 9, 1]);
const GRADES = new Weighted([1, 2, 3, 4], [15, 25, 30, 30]);
const YEAR = 365.2425;
/** District 6-digit code → its ID-number address-code index. */
const SHANGHAI_CODE_INDEX = new Map(ADDRESS_CODES.slice(0, SHANGHAI_CODE_COUNT).map((c, i) => [Number(c), i]));

export interface WalkContext {
  plan: CityPlan;
  seed: number;
  today: number;
  /** Committee index ranges per district in plan.committees, for 人户分离 within the district. */
  districtRanges: Map<string, [number, number]>;
}

/**
 * Every household of the city in district/street order, one at a time (memory stays flat at any size).
 * Each pass over the tables walks the city again: the structure is cheap to redraw, and redrawing keeps
 * the rows of every table consistent without holding anything.
 */
export function* walkCity(ctx: WalkContext): Generator<HouseholdModel> {
  const ids = new IdAllocator(ctx.today - 110 * 366, ctx.today);
  let person = 0;
  let household = 0;
  const total = ctx.plan.streets.reduce((a, s) => a + s.persons, 0);
  let quotaSoFar = 0;
  for (const street of ctx.plan.streets) {
    quotaSoFar += street.persons;
    const rng = new Rng(ctx.seed, hashString(street.code), 2);
    // A street ends with the household that reaches its quota; the overshoot comes off the next street,
    // so households are cut short only at the city's total (cutting one per street would skew sizes).
    const target = street.index === ctx.plan.streets.length - 1 ? total : Math.min(total, quotaSoFar);
    for (let k = 0; person < target; k++) {
      const model = drawHousehold(ctx, ids, rng, street, k, total - person, household, person);
      person += model.members.length;
      household++;
      yield model;
    }
  }
}

function drawHousehold(ctx: WalkContext, ids: IdAllocator, rng: Rng, street: StreetPlan, k: number, remaining: number, index: number, firstPerson: number): HouseholdModel {
  let special: Special = street.focus && k < FOCUS_OPENING.length ? FOCUS_OPENING[k] : (street.focus ? FOCUS_SPECIALS : CITY_SPECIALS).pick(rng);
  let size = Math.min(remaining, SIZES.pick(rng));
  if (special === 'orphan') size = Math.min(remaining, rng.chance(0.6) ? 2 : 3);
  if (special === 'destitute') size = 1;
  if (special === 'orphan' && size < 2) special = 'none';
  const { members: specs, hukouShanghai } = compose(rng, size, special);
  while (specs.length > size) specs.pop();
  const committee = rng.pick(street.committees);
  const shanghai = special !== 'none' || rng.chance(hukouShanghai);
  const hukouCommittee = shanghai && rng.chance(0.25) ? elsewhere(ctx, rng, street) : committee;
  const hukouCode = Number(hukouCommittee.code.slice(0, 6));
  const districtCode = SHANGHAI_CODE_INDEX.get(hukouCode) ?? 0;
  const county = COUNTIES.pick(rng);
  const familyName = pickSurname(rng);
  const yearsTogether = rng.float();
  const headAge = specs[0].age;
  // Households formed 13+ months ago, so every member counts for the current month and the year before it.
  const formedDay = ctx.today - 400 - Math.floor(yearsTogether * Math.min(25, Math.max(0, headAge - 19)) * YEAR);
  const members: PersonModel[] = specs.map((spec, i) => {
    const ownHukou = shanghai && !(spec.relation === 'spouse' && spec.age < 60 && rng.chance(0.1));
    const addressCode = ownHukou ? districtCode : shanghai ? COUNTIES.pick(rng) : county;
    const wanted = Math.min(ctx.today - 1, ctx.today - Math.floor((spec.age + rng.float()) * YEAR));
    const sequence = ids.allocate(addressCode, wanted, spec.sex === 'M');
    const birthDay = ids.day;
    const surname = spec.lineage ? familyName : pickSurname(rng);
    const name = surname + pickGivenName(rng, spec.sex, civil(birthDay).year);
    const disabled = rng.chance(spec.age < 18 ? 0.005 : spec.age < 60 ? 0.015 : spec.age < 80 ? 0.05 : 0.1) || (special === 'destitute' && spec.age < 60);
    const disabilityGrade = disabled ? (special === 'destitute' ? rng.between(1, 2) : GRADES.pick(rng)) : 0;
    const since = Math.max(formedDay, birthDay);
    const dies = special === 'none' && i > 0 && spec.age >= 60 && rng.chance(0.02);
    return {
      index: firstPerson + i,
      relation: spec.relation,
      sex: spec.sex,
      birthDay,
      name,
      addressCode,
      sequence,
      hukouDivision: ownHukou ? hukouCommittee.code : `${OUTSIDE_COUNTIES[addressCode - SHANGHAI_CODE_COUNT].code6}000000`,
      deathDay: dies ? Math.max(since + 1, ctx.today - 1 - rng.int(3 * 365)) : -1,
      disabilityGrade,
      disabilityCategory: disabled ? CATEGORIES.pick(rng) : '',
      labour: labour(rng, spec.age, disabilityGrade, special),
      since,
    };
  });
  return { index, committee, special, detailSeed: rng.next(), members };
}

/** 人户分离: registered in another committee — half within the district, half anywhere in the city. */
function elsewhere(ctx: WalkContext, rng: Rng, street: StreetPlan): Committee {
  const all = ctx.plan.committees;
  const range = ctx.districtRanges.get(street.districtCode);
  if (range && rng.chance(0.5)) return all[range[0] + rng.int(range[1] - range[0])];
  return all[rng.int(all.length)];
}

function labour(rng: Rng, age: number, grade: number, special: Special): LabourCapacity {
  if (special === 'destitute' || age < 16 || grade === 1 || grade === 2) return 'none';
  if (grade > 0) return rng.chance(0.5) ? 'partial' : 'full';
  if (age >= 70) return rng.chance(0.8) ? 'none' : 'partial';
  if (age >= 60) return rng.chance(0.3) ? 'none' : rng.chance(0.45) ? 'partial' : 'full';
  return rng.chance(0.02) ? 'partial' : 'full';
}
