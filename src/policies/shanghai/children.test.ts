/**
 * 困境儿童 / 事实无人抚养儿童基本生活费 worked cases, each amount worked out by hand from the rule quoted in children.ts:
 *   "经区民政局认定为事实无人抚养儿童，或监护缺失、监护不当的困境儿童，当月 1 日未满 18 周岁的，按月发放基本生活费
 *    （上海 2018 年起 1800 元，2020 年起 1900 元待核实）；已按孤儿保障的儿童只领取孤儿基本生活费；年满 18 周岁当月起停发。"
 * Parameter: 1800 元 from 2018-01-01, 1900 元 from 2020-06-01 (configured dates).
 */
import { describe, expect, it } from 'vitest';
import { columnsFromHouseholds, screen } from '../../policy/index.js';
import { childFacts, decideChildAllowance, shanghaiChildrenPack } from './children.js';

const child = (birthDate: string, childCategory: 'de_facto' | 'guardianship' | 'poverty' | 'disability' | null, orphan = false) => ({ personId: 7, birthDate, childCategory, orphan });

describe('children pack: 基本生活费 by hand', () => {
  const cases = [
    { id: 'C01', why: '事实无人抚养，2025-04 月 1 日 9 岁 → 1900 元（2020-06-01 起）', c: child('2015-09-01', 'de_facto'), month: '2025-04', fen: 190_000 },
    { id: 'C02', why: '监护缺失或不当，2019-03 → 1800 元（2020-06-01 之前的标准）', c: child('2010-01-15', 'guardianship'), month: '2019-03', fen: 180_000 },
    { id: 'C03', why: '2020-05 仍为 1800 元，2020-06 起 1900 元', c: child('2010-01-15', 'de_facto'), month: '2020-05', fen: 180_000 },
    { id: 'C04', why: '2020-06 → 1900 元', c: child('2010-01-15', 'de_facto'), month: '2020-06', fen: 190_000 },
    { id: 'C05', why: '生于 2008-05-01：2026-05-01 满 18 周岁 → 2026-05 月 1 日已满 18，停发', c: child('2008-05-01', 'de_facto'), month: '2026-05', fen: 0 },
    { id: 'C06', why: '生于 2008-05-02：2026-05-01 时 17 岁 → 2026-05 仍发 1900 元；2026-06 停发', c: child('2008-05-02', 'de_facto'), month: '2026-05', fen: 190_000 },
    { id: 'C07', why: '生于 2008-05-02：2026-06-01 时 18 岁 → 停发', c: child('2008-05-02', 'de_facto'), month: '2026-06', fen: 0 },
    { id: 'C08', why: '孤儿只领孤儿基本生活费：事实无人抚养的认定也不另发', c: child('2015-09-01', 'de_facto', true), month: '2025-04', fen: 0 },
    { id: 'C09', why: '家庭贫困的困境儿童：享受服务和未成年人低保标准，不发基本生活费', c: child('2015-09-01', 'poverty'), month: '2025-04', fen: 0 },
    { id: 'C10', why: '自身残疾或重病的困境儿童：不发基本生活费', c: child('2015-09-01', 'disability'), month: '2025-04', fen: 0 },
    { id: 'C11', why: '未经区级认定：不发', c: child('2015-09-01', null), month: '2025-04', fen: 0 },
    { id: 'C12', why: '29 日出生：生于 2008-02-29，2026-03-01 满 18 → 2026-03 停发，2026-02 仍发', c: child('2008-02-29', 'guardianship'), month: '2026-02', fen: 190_000 },
    { id: 'C13', why: '同上，2026-03 停发', c: child('2008-02-29', 'guardianship'), month: '2026-03', fen: 0 },
  ];
  for (const k of cases)
    it(`${k.id} ${k.why}`, () => {
      const d = decideChildAllowance(k.c, k.month);
      expect(d.amountFen).toBe(k.fen);
      expect(d.eligible).toBe(k.fen > 0);
    });

  it('explains itself: the category, the orphan precedence and the dated amount are named', () => {
    const paid = decideChildAllowance(child('2015-09-01', 'de_facto'), '2025-04');
    expect(paid.reasons.join('\n')).toContain('事实无人抚养儿童');
    expect(paid.reasons.join('\n')).toContain('1900');
    const orphan = decideChildAllowance(child('2015-09-01', 'de_facto', true), '2025-04');
    expect(orphan.reasons.join('\n')).toContain('孤儿');
    expect(paid.parameters.map((p) => p.name)).toContain('childPlightAllowance.amount');
  });

  it('the compiled screen agrees with the explanation on every case', () => {
    const facts = [child('2015-09-01', 'de_facto'), child('2008-05-01', 'de_facto'), child('2015-09-01', 'de_facto', true), child('2015-09-01', 'poverty'), child('2012-01-01', 'guardianship')];
    const cols = columnsFromHouseholds(facts.map((c) => ({ facts: childFacts(c.personId, c.birthDate, c.childCategory, c.orphan), district: '310115' })));
    const out = screen(shanghaiChildrenPack, cols, '2026-05', { programmes: ['child_plight_allowance'] }).outputs.child_plight_allowance;
    expect([...out.amountFen].map((a, i) => (out.eligible[i] ? a : 0))).toEqual(facts.map((c) => decideChildAllowance(c, '2026-05').amountFen));
    expect([...out.eligible]).toEqual([1, 0, 0, 0, 1]);
  });
});
