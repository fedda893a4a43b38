/**
 * The engine's promises: the compiled screen agrees with the interpreter on every household, decisions are
 * deterministic and reproducible from their recorded parameters, parameters are effective-dated, and
 * simulation diffs are exact on a population small enough to check by hand.
 */
import { describe, expect, it } from 'vitest';
import { shanghaiPack } from '../policies/shanghai/index.js';
import {
  applyOverrides,
  explainHousehold,
  householdFromColumns,
  resolveParameter,
  screen,
  simulate,
  syntheticPopulation,
  tableFromUsed,
  columnsFromHouseholds,
  fen,
  lt,
  member,
  sum,
  type Condition,
  type HouseholdFacts,
  type MemberFacts,
} from './index.js';

const adult = (id: string, monthlyIncomeFen: number, extra: Partial<MemberFacts> = {}): MemberFacts => ({
  id,
  birthDate: '1980-01-15',
  hukouShanghai: true,
  disability: null,
  laborCapacity: 'full',
  orphan: false,
  monthlyIncomeFen,
  monetaryAssetsFen: 0,
  ownsVehicle: false,
  ...extra,
});
const single = (income: number): HouseholdFacts => ({ members: [adult('A', income)], rigidExpensesLast12MonthsFen: 0, hasLegalSupporter: true });

describe('compiled screen = interpreter', () => {
  const cols = syntheticPopulation({ households: 2500, seed: 7, bornBy: 20200331 });
  for (const month of ['2020-04', '2021-07', '2024-06', '2024-07', '2025-02', '2026-03']) {
    it(`agrees on every household and programme in ${month}`, () => {
      const result = screen(shanghaiPack, cols, month);
      let checked = 0;
      const mismatches: string[] = [];
      for (let h = 0; h < cols.householdCount; h++) {
        const explained = explainHousehold(shanghaiPack, householdFromColumns(cols, h), month);
        for (const r of explained.results) {
          const out = result.outputs[r.programme];
          const index = r.memberId === undefined ? h : cols.memberOffsets[h] + Number(r.memberId.slice(1));
          const failed = r.conditions.reduce((mask, c, bit) => (c.passed ? mask : mask | (1 << bit)), 0);
          const screened = `${out.eligible[index]}/${out.amountFen[index]}/${out.failMask[index]}`;
          const interpreted = `${r.eligible ? 1 : 0}/${r.monthlyAmountFen}/${failed}`;
          if (screened !== interpreted) mismatches.push(`household ${h} ${r.programme} ${r.memberId ?? ''}: screen ${screened} ≠ explain ${interpreted}`);
          checked++;
        }
      }
      expect(mismatches.slice(0, 10)).toEqual([]);
      expect(checked).toBeGreaterThan(cols.householdCount * 3);
      // The synthetic mix must exercise both outcomes of every programme, or the comparison proves little.
      for (const p of shanghaiPack.programmes) {
        const el = result.outputs[p.id].eligible;
        const yes = el.reduce((a, b) => a + b, 0);
        if (p.id !== 'orphan_allowance' || month !== '2020-04') expect(yes, p.id).toBeGreaterThan(0);
        expect(yes, p.id).toBeLessThan(el.length);
      }
    });
  }
});

describe('explain', () => {
  it('states each condition with values, parameters and their effective dates', () => {
    const out = explainHousehold(shanghaiPack, single(120000), '2024-07', { programmes: ['dibao'] });
    expect(out.results[0].reasons).toContain('收入条件：家庭月人均收入 1200.00 元 < 低保标准 1595.00 元（2024-07-01 起）——符合');
    expect(out.results[0].reasons[0]).toBe('结论：本户符合最低生活保障条件，每月 395.00 元');
    // A failed strict comparison is shown as the relation that actually holds.
    const at = explainHousehold(shanghaiPack, single(159500), '2024-07', { programmes: ['dibao'] });
    expect(at.results[0].reasons).toContain('收入条件：家庭月人均收入 1595.00 元 ≥ 低保标准 1595.00 元（2024-07-01 起）——不符合');
  });

  it('flags unverified parameters in the text and records every parameter read', () => {
    const out = explainHousehold(shanghaiPack, single(0), '2024-06', { programmes: ['dibao'] });
    expect(out.results[0].reasons.join('\n')).toContain('低保标准 1510.00 元（2023-07-01 起，参数待核实）');
    expect(out.parameters.map((p) => p.name)).toEqual(['dibao.assetLimitPerCapita', 'dibao.minorStandardRatio', 'dibao.minorStandardRoundingFen', 'dibao.standard']);
    expect(out.ruleVersion).toBe('shanghai@1');
    expect(out.rulesFingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is deterministic and reproducible from the recorded parameters after the pack changes', () => {
    const h = single(150000);
    const first = explainHousehold(shanghaiPack, h, '2024-07');
    expect(JSON.stringify(explainHousehold(shanghaiPack, h, '2024-07'))).toBe(JSON.stringify(first));
    const changed = applyOverrides(shanghaiPack.parameters, [{ name: 'dibao.standard', from: '2024-07-01', set: 140000 }]);
    expect(explainHousehold(shanghaiPack, h, '2024-07', { parameters: changed }).results[0].eligible).toBe(false);
    const replay = explainHousehold(shanghaiPack, h, '2024-07', { parameters: tableFromUsed(changed, first.parameters) });
    expect(replay.results).toEqual(first.results);
  });
});

describe('parameters', () => {
  it('takes the value in force on the first day of the month', () => {
    expect(resolveParameter(shanghaiPack.parameters, 'dibao.standard', '2024-06')).toMatchObject({ value: 151000, from: '2023-07-01', verified: false });
    expect(resolveParameter(shanghaiPack.parameters, 'dibao.standard', '2024-07')).toMatchObject({ value: 159500, from: '2024-07-01', verified: true });
    expect(() => resolveParameter(shanghaiPack.parameters, 'dibao.standard', '2020-03')).toThrow(/2020-03 尚无生效值/);
  });

  it('applies a +5 % override from a date, rounded up to whole yuan, flagged unverified', () => {
    const t = applyOverrides(shanghaiPack.parameters, [{ name: 'dibao.standard', from: '2024-07-01', scalePermille: 1050 }]);
    expect(resolveParameter(t, 'dibao.standard', '2024-07')).toMatchObject({ value: 167500, verified: false }); // 159500 × 1.05 = 167475 → 167500
    expect(resolveParameter(t, 'dibao.standard', '2024-06').value).toBe(151000);
  });
});

describe('simulate', () => {
  const cols = columnsFromHouseholds([
    { facts: single(160000), district: '310101' }, // 1600 yuan: above 1595, below 1675
    { facts: single(100000), district: '310104' },
  ]);
  const plus5 = [{ name: 'dibao.standard', from: '2024-07-01', scalePermille: 1050 }] as const;

  it('reports newly eligible households and persons, monthly and yearly cost, by district', () => {
    const report = simulate(shanghaiPack, cols, { startMonth: '2024-07', overrides: plus5, programmes: ['dibao', 'low_income'] });
    const dibao = report.programmes.find((p) => p.programme === 'dibao');
    expect(dibao?.total).toMatchObject({
      baselineHouseholds: 1,
      scenarioHouseholds: 2,
      newlyEligibleHouseholds: 1,
      newlyEligiblePersons: 1,
      noLongerEligibleHouseholds: 0,
      baselineMonthlyCostFen: 59500, // 159500 − 100000
      scenarioMonthlyCostFen: 75000, // (167500 − 160000) + (167500 − 100000)
      baselineYearlyCostFen: 714000, // 12 × 59500 (no scheduled change between 2024-07 and 2025-06)
      scenarioYearlyCostFen: 900000, // 12 × 75000
    });
    expect(dibao?.districts.find((d) => d.district === '310101')).toMatchObject({ newlyEligibleHouseholds: 1, scenarioMonthlyCostFen: 7500 });
    const low = report.programmes.find((p) => p.programme === 'low_income');
    expect(low?.total).toMatchObject({ baselineHouseholds: 1, scenarioHouseholds: 0, noLongerEligibleHouseholds: 1, noLongerEligiblePersons: 1 });
    expect(report.warnings).toEqual([]);
  });

  it('warns when a scenario standard is below 33 % of last year’s monthly consumption', () => {
    expect(shanghaiPack.checks?.flatMap((c) => c(shanghaiPack.parameters))).toEqual([]);
    const report = simulate(shanghaiPack, cols, { startMonth: '2025-01', overrides: [{ name: 'dibao.standard', from: '2025-01-01', set: 140000 }], programmes: ['dibao'] });
    // 33 % × 437567 = 144397.11 fen > 140000
    expect(report.warnings).toMatchObject([{ code: 'POLICY_DIBAO_BELOW_CONSUMPTION_FLOOR', from: '2025-01-01' }]);
    expect(report.warnings[0].message).toContain('1400.00 元低于上年度全市居民月人均消费支出 4375.67 元');
  });
});

describe('screen', () => {
  it('decides the same without amounts when asked for eligibility only', () => {
    const cols = syntheticPopulation({ households: 500, seed: 11 });
    const full = screen(shanghaiPack, cols, '2024-07');
    const lean = screen(shanghaiPack, cols, '2024-07', { amounts: false });
    for (const p of shanghaiPack.programmes) {
      expect(lean.outputs[p.id].eligible).toEqual(full.outputs[p.id].eligible);
      expect(lean.outputs[p.id].amountFen.every((a) => a === 0)).toBe(true);
    }
  });

  it('re-screens only the households in a range', () => {
    const cols = syntheticPopulation({ households: 50, seed: 3 });
    const before = screen(shanghaiPack, cols, '2024-07', { programmes: ['dibao'] });
    const saved = Float64Array.from(before.outputs.dibao.amountFen);
    for (let i = cols.memberOffsets[5]; i < cols.memberOffsets[6]; i++) {
      cols.monthlyIncomeFen[i] = 0;
      cols.monetaryAssetsFen[i] = 0;
      cols.ownsVehicle[i] = 0;
      cols.hukouShanghai[i] = 1;
    }
    screen(shanghaiPack, cols, '2024-07', { programmes: ['dibao'], householdRange: [5, 6], into: before.outputs });
    expect(before.outputs.dibao.eligible[5]).toBe(1);
    saved[5] = before.outputs.dibao.amountFen[5];
    expect(before.outputs.dibao.amountFen).toEqual(saved);
  });
});

describe('rule language types', () => {
  it('rejects ill-formed rules at compile time', () => {
    const household: Condition<'household'>[] = [
      // @ts-expect-error a member's income is not a household value (needs sum/count)
      { id: 'x', label: 'x', test: lt(member.monthlyIncomeFen, fen(1)) },
      { id: 'y', label: 'y', test: lt(sum(member.monthlyIncomeFen), fen(1)) },
    ];
    // @ts-expect-error an age is not comparable with money
    const mixed = lt(member.ageOnFirstDay, fen(3));
    expect(household.length + (mixed ? 1 : 0)).toBe(3);
  });
});
