/**
 * The rules of adoption as worked cases computed by hand, each with the article it applies (defaults in force on the
 * day: setting-defs.ts). Ages are 周岁 on the registration day, the birthday counting.
 */
import { describe, expect, it } from 'vitest';
import { announcementOf } from './cases.js';
import { dissolutionRule } from './dissolution.js';
import { checkEligibility, type EligibilityFacts } from './rules.js';
import { settingsOn } from './settings.js';

const ON = '2025-07-01';
const s = settingsOn(ON);
const base = (o: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  on: ON,
  child: { birthDate: '2020-03-01', sex: 'F', kind: 'parents_difficulty', disabled: false, inWelfareInstitution: false },
  adopters: [
    { name: '王强', birthDate: '1990-01-15', sex: 'M' },
    { name: '赵敏', birthDate: '1992-02-20', sex: 'F' },
  ],
  singleAdopterHasSpouse: false,
  children: 0,
  adopted: 0,
  sender: 'birth_parents',
  ...o,
});
const outcome = (facts: EligibilityFacts, check: string) => checkEligibility(facts, s).find((r) => r.check === check);

describe('第1098条第（五）项：收养人应当年满三十周岁', () => {
  it('an adopter who turns 30 tomorrow (29 on the day) is refused; on the 30th birthday accepted', () => {
    const single = (birthDate: string) => base({ adopters: [{ name: '李娟', birthDate, sex: 'F' }] });
    // Born 1995-07-02: on 2025-07-01 she is 29 周岁.
    const young = outcome(single('1995-07-02'), 'adopter_age');
    expect(young).toMatchObject({ outcome: 'fail', message: '收养人李娟 29 周岁，未满 30 周岁' });
    expect(young?.rule).toContain('第1098条第（五）项');
    // Born 1995-07-01: the birthday itself counts, 30 周岁 on the day.
    expect(outcome(single('1995-07-01'), 'adopter_age')).toMatchObject({ outcome: 'pass', message: '收养人李娟 30 周岁' });
  });
  it('a couple: each spouse must be 30', () => {
    const r = outcome(
      base({
        adopters: [
          { name: '王强', birthDate: '1990-01-15', sex: 'M' },
          { name: '赵敏', birthDate: '1996-01-01', sex: 'F' },
        ],
      }),
      'adopter_age',
    );
    expect(r).toMatchObject({ outcome: 'fail', message: '收养人赵敏 29 周岁，未满 30 周岁' });
  });
});

describe('第1102条：无配偶者收养异性子女的，年龄应当相差四十周岁以上', () => {
  // The girl is born 2020-03-01. A man born 1980-03-01 is 40 on her birth day; born 1980-03-02, 39.
  const man = (birthDate: string) => base({ adopters: [{ name: '陈刚', birthDate, sex: 'M' }] });
  it('a single man 39 years older than the girl is refused, 40 years older accepted', () => {
    expect(outcome(man('1980-03-02'), 'age_gap')).toMatchObject({ outcome: 'fail', message: '无配偶的男性收养人收养女孩，年龄相差 39 周岁，不足 40 周岁' });
    expect(outcome(man('1980-03-01'), 'age_gap')).toMatchObject({ outcome: 'pass', message: '无配偶的男性收养人收养女孩，年龄相差 40 周岁' });
  });
  it('does not apply to a single woman adopting a girl, nor to a couple', () => {
    expect(outcome(base({ adopters: [{ name: '李娟', birthDate: '1985-01-01', sex: 'F' }] }), 'age_gap')).toMatchObject({ outcome: 'pass', message: '不适用（夫妻共同收养或收养同性子女）' });
    expect(outcome(base(), 'age_gap')?.outcome).toBe('pass');
  });
  it('第1101条: a married person may not adopt alone', () => {
    expect(outcome(base({ adopters: [{ name: '陈刚', birthDate: '1970-01-01', sex: 'M' }], singleAdopterHasSpouse: true }), 'joint')?.outcome).toBe('fail');
  });
});

describe('第1098条第（一）项与第1100条：子女数与收养人数', () => {
  it('a childless couple may adopt two children: the second accepted, a third refused', () => {
    expect(outcome(base({ children: 1, adopted: 1 }), 'number')).toMatchObject({ outcome: 'pass', message: '收养人无亲生子女，最多收养 2 名，已收养 1 名' });
    const third = checkEligibility(base({ children: 2, adopted: 2 }), s);
    expect(third.find((r) => r.check === 'number')).toMatchObject({ outcome: 'fail', message: '收养人无亲生子女，最多收养 2 名，已收养 2 名，不得再收养' });
    expect(third.find((r) => r.check === 'children')?.outcome).toBe('fail');
  });
  it('adopters with one child may adopt one, not two; with two children none', () => {
    expect(outcome(base({ children: 1, adopted: 0 }), 'number')?.outcome).toBe('pass');
    expect(outcome(base({ children: 2, adopted: 1 }), 'number')).toMatchObject({ outcome: 'fail', message: '收养人有亲生子女，最多收养 1 名，已收养 1 名，不得再收养' });
    expect(outcome(base({ children: 2, adopted: 0 }), 'children')).toMatchObject({ outcome: 'fail', message: '收养人已有 2 名子女，超过 1 名' });
  });
  it('第1100条第2款: an orphan, a disabled child or a welfare-institution foundling is not bound by the numbers', () => {
    const orphan = base({ children: 2, adopted: 0, child: { ...base().child, kind: 'orphan' }, sender: 'guardian' });
    expect(outcome(orphan, 'children')).toMatchObject({ outcome: 'pass', message: '被收养人为孤儿，不受已有子女数的限制' });
    expect(outcome(base({ children: 2, adopted: 1, child: { ...base().child, disabled: true } }), 'number')?.outcome).toBe('pass');
    const foundling = { ...base().child, kind: 'parents_unknown' as const, inWelfareInstitution: true };
    expect(outcome(base({ children: 3, adopted: 1, child: foundling, sender: 'welfare_institution' }), 'children')?.outcome).toBe('pass');
    // The same foundling living with a guardian, not an institution, is bound.
    expect(outcome(base({ children: 3, adopted: 1, child: { ...foundling, inWelfareInstitution: false }, sender: 'guardian' }), 'children')?.outcome).toBe('fail');
  });
});

describe('第1093条、第1094条：被收养人与送养人', () => {
  it('a person of 18 is not a minor and cannot be adopted; 17 can', () => {
    expect(outcome(base({ child: { ...base().child, birthDate: '2007-07-01' } }), 'adoptee')).toMatchObject({ outcome: 'fail', message: '被收养人 18 周岁，已满 18 周岁，不是未成年人' });
    expect(outcome(base({ child: { ...base().child, birthDate: '2007-07-02' } }), 'adoptee')?.outcome).toBe('pass');
  });
  it('birth parents in difficulty place their own child; they cannot place an orphan', () => {
    expect(outcome(base({ child: { ...base().child, kind: 'orphan' }, sender: 'birth_parents' }), 'sender')?.outcome).toBe('fail');
    expect(outcome(base(), 'sender')?.outcome).toBe('pass');
  });
});

describe('第1105条第2款与《中国公民收养子女登记办法》第七条：公告满60日', () => {
  it('announced 2025-01-01: the 60th day is 03-02 (the day itself not counted), registration from 03-03', () => {
    // January 2–31 is 30 days, February 28, March 1–2 two more: 60.
    expect(announcementOf([{ kind: 'announced', on_day: '2025-01-01' }], s.announcementDays)).toEqual({ announcedOn: '2025-01-01', lastDay: '2025-03-02', registrableFrom: '2025-03-03' });
    expect(announcementOf([{ kind: 'visit', on_day: '2025-01-01' }], s.announcementDays)).toBeNull();
  });
});

describe('第1114–1117条：解除收养关系', () => {
  const agreed = { by: 'agreement' as const, adoptersAgree: true, senderAgrees: true, adopteeAgrees: true };
  it('a minor: the adopters and the sender agree, the birth relations return of themselves', () => {
    expect(dissolutionRule(agreed, 10, s)).toMatchObject({ outcome: 'pass', restoreBirth: true });
    expect(dissolutionRule({ ...agreed, senderAgrees: false }, 10, s)).toMatchObject({ outcome: 'fail', message: '被收养人 10 周岁，未成年，须送养人同意方可协议解除' });
  });
  it('第1114条: a child of 8 must agree, a child of 7 is not asked', () => {
    expect(dissolutionRule({ ...agreed, adopteeAgrees: false }, 8, s)).toMatchObject({ outcome: 'fail', message: '被收养人 8 周岁，未成年，须养子女（8 周岁）同意方可协议解除' });
    expect(dissolutionRule({ ...agreed, adopteeAgrees: false }, 7, s).outcome).toBe('pass');
  });
  it('第1117条但书: an adult adoptee recovers the birth relations only when agreed', () => {
    expect(dissolutionRule(agreed, 25, s)).toMatchObject({ outcome: 'pass', restoreBirth: false });
    expect(dissolutionRule({ ...agreed, restoreBirthRelations: true }, 25, s)).toMatchObject({ outcome: 'pass', restoreBirth: true });
    expect(dissolutionRule({ by: 'court' }, 25, s).restoreBirth).toBe(false);
    expect(dissolutionRule({ by: 'court' }, 12, s).restoreBirth).toBe(true);
  });
});
