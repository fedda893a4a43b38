import type { Rng } from './random.js';

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'other';
export type Special = 'none' | 'dibao' | 'low_income' | 'expense' | 'orphan' | 'destitute';

export interface MemberSpec {
  relation: Relation;
  age: number;
  sex: 'M' | 'F';
  /** Carries the family surname (blood line of the head's father); spouses bring their own. */
  lineage: boolean;
}

export interface Composition {
  members: MemberSpec[];
  /** Probability that the household is registered in Shanghai (户籍), by type: the elderly mostly are, young migrants mostly not. */
  hukouShanghai: number;
}

/** Household sizes 1..7 (the brief's 25/30/25/12/8 %, 5+ split 70/20/10). */
export const SIZE_WEIGHTS = [25, 30, 25, 12, 5.6, 1.6, 0.8];

const other = (sex: 'M' | 'F'): 'M' | 'F' => (sex === 'M' ? 'F' : 'M');

/** Ages 60+ thin out with age: 60–69 ≈ 60 %, 70–79 ≈ 24 %, 80+ ≈ 16 % of the elderly. */
export function elderlyAge(rng: Rng, from = 60): number {
  const age = from + Math.floor(rng.exponential(11));
  // Centenarians are rare (≈ 3,000 in Shanghai): redraw the far tail instead of piling it up at the cap.
  return age <= 100 ? age : from + rng.int(25);
}

function spouseAge(rng: Rng, headAge: number, headSex: 'M' | 'F'): number {
  const gap = Math.round(rng.normal() * 3 + (headSex === 'M' ? 2 : -2));
  return Math.max(20, Math.min(104, headAge - gap));
}

function couple(rng: Rng, headAge: number): MemberSpec[] {
  const sex: 'M' | 'F' = rng.chance(0.75) ? 'M' : 'F';
  return [
    { relation: 'head', age: headAge, sex, lineage: sex === 'M' },
    { relation: 'spouse', age: spouseAge(rng, headAge, sex), sex: other(sex), lineage: sex === 'F' },
  ];
}

function child(rng: Rng, age: number): MemberSpec {
  return { relation: 'child', age: Math.max(0, age), sex: rng.chance(0.52) ? 'M' : 'F', lineage: true };
}

/** Parents and children: the youngest child's age first, the parents 24–36 years older. */
function family(rng: Rng, children: number, maxChildAge = 24): MemberSpec[] {
  const youngest = rng.int(maxChildAge + 1);
  const kids = [child(rng, youngest)];
  for (let k = 1; k < children; k++) kids.unshift(child(rng, kids[0].age + rng.between(1, 6)));
  const parents = couple(rng, kids[0].age + rng.between(24, 36));
  return [...parents, ...kids];
}

function grandparents(rng: Rng, parentAge: number, count: number): MemberSpec[] {
  const age = Math.max(55, parentAge + rng.between(24, 32));
  const first: MemberSpec = { relation: 'parent', age, sex: rng.chance(0.4) ? 'M' : 'F', lineage: true };
  if (count === 1) return [first];
  const second: MemberSpec = { relation: 'parent', age: spouseAge(rng, age, first.sex), sex: other(first.sex), lineage: false };
  first.sex = 'M';
  second.sex = 'F';
  return [first, second];
}

export function compose(rng: Rng, size: number, special: Special): Composition {
  if (special === 'destitute') {
    const disabled = rng.chance(0.2);
    return { members: [{ relation: 'head', age: disabled ? rng.between(30, 59) : elderlyAge(rng, 62), sex: rng.chance(0.5) ? 'M' : 'F', lineage: true }], hukouShanghai: 1 };
  }
  if (special === 'orphan') {
    const orphanAge = rng.between(3, 16);
    const elders = couple(rng, Math.max(58, orphanAge + rng.between(50, 62))).slice(0, size === 2 ? 1 : 2);
    return { members: [...elders, { relation: 'grandchild', age: orphanAge, sex: rng.chance(0.5) ? 'M' : 'F', lineage: true }], hukouShanghai: 1 };
  }
  const r = rng.float();
  switch (size) {
    case 1: {
      if (r < 0.35) return { members: [{ relation: 'head', age: elderlyAge(rng), sex: rng.chance(0.62) ? 'F' : 'M', lineage: true }], hukouShanghai: 0.9 };
      const young = r < 0.82;
      const age = young ? 20 + (Math.floor(rng.exponential(7)) % 20) : rng.between(40, 59);
      return { members: [{ relation: 'head', age, sex: rng.chance(0.55) ? 'M' : 'F', lineage: true }], hukouShanghai: young ? 0.3 : 0.55 };
    }
    case 2: {
      if (r < 0.41) return { members: couple(rng, elderlyAge(rng, 61)), hukouShanghai: 0.9 };
      if (r < 0.62) return { members: couple(rng, rng.between(22, 38)), hukouShanghai: 0.35 };
      if (r < 0.8) return { members: couple(rng, rng.between(40, 59)), hukouShanghai: 0.65 };
      if (r < 0.92) {
        const kid = child(rng, rng.int(21));
        const sex: 'M' | 'F' = rng.chance(0.7) ? 'F' : 'M';
        return { members: [{ relation: 'head', age: kid.age + rng.between(24, 36), sex, lineage: sex === 'M' }, kid], hukouShanghai: 0.6 };
      }
      const elder = elderlyAge(rng, 65);
      return {
        members: [{ relation: 'head', age: elder, sex: rng.chance(0.6) ? 'F' : 'M', lineage: true }, child(rng, elder - rng.between(24, 34))],
        hukouShanghai: 0.85,
      };
    }
    case 3: {
      if (r < 0.88) return { members: family(rng, 1), hukouShanghai: 0.5 };
      const elders = couple(rng, elderlyAge(rng, 60));
      return { members: [...elders, child(rng, elders[0].age - rng.between(25, 34))], hukouShanghai: 0.85 };
    }
    case 4: {
      if (r < 0.4) return { members: family(rng, 2, 18), hukouShanghai: 0.55 };
      const core = family(rng, 1, 16);
      return { members: [...core, ...grandparents(rng, core[0].age, 1)], hukouShanghai: 0.65 };
    }
    default: {
      const core = family(rng, Math.max(1, size - 4), 16);
      const members = [...core, ...grandparents(rng, core[0].age, 2)];
      while (members.length > size) members.pop();
      while (members.length < size) members.push({ relation: 'sibling', age: core[0].age - rng.between(1, 8), sex: rng.chance(0.5) ? 'M' : 'F', lineage: true });
      return { members, hukouShanghai: 0.72 };
    }
  }
}
