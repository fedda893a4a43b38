import { addYears, ageAt, monthStart } from './calendar.js';
import type { HouseholdModel, PersonModel } from './households.js';
import { SHANGHAI_CODE_COUNT } from './identity.js';
import { Rng } from './random.js';

/** POLICY-PACK dibao.standard in fen: 1595 yuan from 2024-07-01, 1510 before (from 2023-07-01). */
export function dibaoStandardFen(today: number): number {
  return today >= DIBAO_1595_FROM ? 159_500 : 151_000;
}
const DIBAO_1595_FROM = Date.UTC(2024, 6, 1) / 86_400_000;

/** POLICY-PACK dibao.assetLimitPerCapita: 60000 / 55000 / 50000 yuan for 1 / 2 / 3+ persons. */
function assetLimitFen(size: number): number {
  return size === 1 ? 6_000_000 : size === 2 ? 5_500_000 : 5_000_000;
}

/** Shanghai minimum monthly wage from 2023-07-01: 2690 yuan. */
const MINIMUM_WAGE_FEN = 269_000;

export type FactSink = (person: PersonModel, kind: string, amountFen: number | null, attributes: string | null, validFrom: number) => void;

const yuan = (value: number) => Math.max(0, Math.round(value)) * 100;

/**
 * Facts of one household, from its own stream (seeded by the household) so the other passes need not
 * draw them. Near-threshold households get incomes and assets aimed at the POLICY-PACK limits.
 */
export function householdFacts(model: HouseholdModel, today: number, sink: FactSink): void {
  const rng = new Rng(model.detailSeed, 7);
  const alive = model.members.filter((m) => m.deathDay < 0);
  const adults = alive.filter((m) => ageAt(m.birthDay, today) >= 18);
  const standard = dibaoStandardFen(today);
  const n = alive.length;
  switch (model.special) {
    case 'none':
    case 'orphan':
      for (const m of alive) ordinaryFacts(rng, m, today, sink, m === model.members[0]);
      break;
    case 'dibao':
      aimed(rng, adults, today, sink, Math.round(standard * rng.uniform(0.75, 1.2)) * n, assetLimitFen(n) * rng.uniform(0.2, 1.15) * n);
      break;
    case 'low_income':
      aimed(rng, adults, today, sink, Math.round(2 * standard * rng.uniform(0.8, 1.15)) * n, 2 * assetLimitFen(n) * rng.uniform(0.3, 1.12) * n);
      break;
    case 'expense': {
      const perCapita = standard * rng.uniform(2.4, 3.2);
      aimed(rng, adults, today, sink, Math.round(perCapita) * n, 2 * assetLimitFen(n) * rng.uniform(0.2, 0.9) * n);
      // (income × 12 − rigid expenses) ÷ 12 ÷ members lands around the low-income line (2 × standard).
      let expenses = Math.round(12 * n * (perCapita - 2 * standard * rng.uniform(0.8, 1.15)));
      const patient = rng.pick(alive);
      // Paid within the 12 months before this month's first day: the window the rigid-expense rule reads.
      const yearStart = monthStart(today, -12);
      for (let bills = rng.between(1, 4); bills > 0; bills--) {
        const amount = bills === 1 ? expenses : Math.round(expenses * rng.uniform(0.2, 0.5));
        expenses -= amount;
        sink(patient, 'expense.medical', amount, null, yearStart + rng.int(monthStart(today) - yearStart));
      }
      break;
    }
    case 'destitute': {
      const m = model.members[0];
      sink(m, 'asset.monetary', yuan(rng.uniform(0, 8000)), null, monthStart(today, -rng.between(1, 6)));
      sink(m, 'legal_supporter', null, '{"able":false}', Math.min(monthStart(today, -1), Math.max(m.since, today - 1 - rng.int(3650))));
      break;
    }
  }
  if (model.special === 'orphan') {
    const orphan = model.members[model.members.length - 1];
    // Valid before this month's first day, the day the policy reads.
    sink(orphan, 'orphan', null, '{"orphan":true}', Math.min(monthStart(today, -1), orphan.birthDay + rng.int(today - orphan.birthDay)));
  }
}

function ordinaryFacts(rng: Rng, m: PersonModel, today: number, sink: FactSink, head: boolean): void {
  const age = ageAt(m.birthDay, today);
  if (age < 18) return;
  const retireAge = m.sex === 'M' ? 60 : 55;
  const working = m.labour !== 'none' && rng.chance((m.labour === 'partial' ? 0.5 : 1) * (age < 23 ? 0.3 : age < 50 ? (m.sex === 'M' ? 0.88 : 0.8) : age < retireAge ? 0.6 : age < 65 ? 0.15 : 0.02));
  const adultFrom = monthStart(addYears(m.birthDay, 18), 1);
  if (working) {
    const wage = Math.max(MINIMUM_WAGE_FEN, yuan(rng.lognormal(8000, 0.55)));
    sink(m, 'income.wage', wage, null, Math.max(adultFrom, monthStart(today, -rng.between(1, 48))));
  }
  if (age >= retireAge && !working) {
    const shanghai = m.addressCode < SHANGHAI_CODE_COUNT;
    const from = monthStart(addYears(m.birthDay, retireAge), 1);
    if (shanghai && rng.chance(0.92)) {
      const pension = rng.chance(0.8) ? Math.max(180_000, yuan(rng.lognormal(4800, 0.3))) : yuan(rng.lognormal(1500, 0.1));
      sink(m, 'income.pension', pension, null, from);
    } else if (!shanghai && rng.chance(0.4)) {
      sink(m, 'income.pension', yuan(rng.lognormal(2200, 0.4)), null, from);
    }
  }
  if (rng.chance(0.85)) sink(m, 'asset.monetary', yuan(rng.lognormal(60_000, 1.3)), null, monthStart(today, -rng.between(1, 6)));
  if (head && age < 76 && rng.chance(0.12)) sink(m, 'vehicle', null, '{"disabledMobility":false}', monthStart(today, -rng.between(1, 120)));
  if (m.disabilityCategory === '肢体' && rng.chance(0.05)) sink(m, 'vehicle', null, '{"disabledMobility":true}', monthStart(today, -rng.between(1, 60)));
  for (let bills = rng.chance(age >= 60 ? 0.1 : 0.03) ? rng.between(1, 3) : 0; bills > 0; bills--) {
    sink(m, 'expense.medical', yuan(rng.lognormal(2500, 1)), null, today - 1 - rng.int(365));
  }
}

/** Splits a household income and asset total over its adults: pensions for the retired, wages for the rest. */
function aimed(rng: Rng, adults: PersonModel[], today: number, sink: FactSink, incomeFen: number, assetsFen: number): void {
  if (adults.length === 0) return;
  const since = monthStart(today, -rng.between(13, 40));
  const shares = adults.map((_, i) => (i > 0 && rng.chance(0.3) ? 0 : rng.uniform(0.2, 1.2)));
  const sum = shares.reduce((a, b) => a + b, 0);
  const incomes = shares.map((s) => Math.round((incomeFen * s) / sum));
  const assets = shares.map((s) => Math.round((assetsFen * s) / sum));
  // Rounding leftovers go to the first adult, who always has a share.
  incomes[0] += incomeFen - incomes.reduce((a, b) => a + b, 0);
  assets[0] += Math.round(assetsFen) - assets.reduce((a, b) => a + b, 0);
  adults.forEach((m, i) => {
    const retired = ageAt(m.birthDay, today) >= (m.sex === 'M' ? 60 : 55);
    if (incomes[i] > 0) sink(m, retired ? 'income.pension' : 'income.wage', incomes[i], null, since);
    if (assets[i] > 0) sink(m, 'asset.monetary', assets[i], null, monthStart(today, -rng.between(1, 3)));
  });
}
