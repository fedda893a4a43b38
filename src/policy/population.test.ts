/**
 * The pieces between the registry's COPY text and the kernel, without a database: the byte parser
 * (chunks split anywhere, negative amounts, birth days → yyyymmdd), the snapshot codec and merging
 * chunks with patches (bulk copies and household-by-household copies must give the same columns).
 */
import { describe, expect, it } from 'vitest';
import { PolicyRowParser, ymdFromDays } from './copy-parse.js';
import { PopulationBuilder, splitByDistrict, type Population } from './population.js';
import { decodePopulation, encodePopulation, mergePopulations } from './snapshot-codec.js';
import { syntheticPopulation } from './synthetic.js';

const days = (ymd: number) => Date.UTC(Math.floor(ymd / 10000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100) / 86_400_000;

/** A synthetic population given registry ids (household 1000 + h, person 5000 + i) and divisions. */
function population(households: number, seed: number): Population {
  const c = syntheticPopulation({ households, seed });
  const b = new PopulationBuilder(4, 4); // tiny on purpose: growth is part of what is tested
  for (let h = 0; h < c.householdCount; h++) {
    const division = Number(`${c.districts[c.districtIndex[h]]}00${h % 7}00${h % 3}`);
    b.beginHousehold(1000 + h, division, c.rigidExpensesLast12MonthsFen[h], c.hasLegalSupporter[h]);
    for (let i = c.memberOffsets[h]; i < c.memberOffsets[h + 1]; i++) {
      b.addMember(5000 + i, c.birthYmd[i], c.hukouShanghai[i], c.disabilityGrade[i], c.laborCapacity[i], c.orphan[i], c.monthlyIncomeFen[i], c.monetaryAssetsFen[i], c.ownsVehicle[i]);
    }
  }
  return b.finish();
}

function rows(p: Population): string[] {
  const c = p.columns;
  const out: string[] = [];
  for (let h = 0; h < c.householdCount; h++) {
    for (let i = c.memberOffsets[h]; i < c.memberOffsets[h + 1]; i++) {
      out.push(
        [
          p.householdIds[h],
          p.divisionCodes[h],
          c.districts[c.districtIndex[h]],
          p.memberIds[i],
          c.birthYmd[i],
          c.hukouShanghai[i],
          c.disabilityGrade[i],
          c.laborCapacity[i],
          c.orphan[i],
          c.monthlyIncomeFen[i],
          c.monetaryAssetsFen[i],
          c.ownsVehicle[i],
          c.rigidExpensesLast12MonthsFen[h],
          c.hasLegalSupporter[h],
        ].join('|'),
      );
    }
  }
  return out;
}

describe('population pipeline', () => {
  const p = population(3000, 7);

  it('parses COPY text split at every possible place into the same columns', () => {
    const c = p.columns;
    let text = '';
    for (let h = 0; h < c.householdCount; h++) {
      for (let i = c.memberOffsets[h]; i < c.memberOffsets[h + 1]; i++) {
        text +=
          [
            p.householdIds[h],
            p.divisionCodes[h],
            p.memberIds[i],
            days(c.birthYmd[i]),
            c.hukouShanghai[i],
            c.disabilityGrade[i],
            c.laborCapacity[i],
            c.orphan[i],
            c.monthlyIncomeFen[i],
            c.monetaryAssetsFen[i],
            c.ownsVehicle[i],
            c.rigidExpensesLast12MonthsFen[h],
            c.hasLegalSupporter[h],
          ].join('\t') + '\n';
      }
    }
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 7, 64, 4096, bytes.length]) {
      const b = new PopulationBuilder(1, 1);
      const parser = new PolicyRowParser(b);
      for (let k = 0; k < bytes.length; k += size) parser.push(bytes.subarray(k, k + size));
      parser.end();
      expect(rows(b.finish())).toEqual(rows(p));
    }
  });

  it('reads negative amounts, and refuses NULLs and rows cut short', () => {
    const b = new PopulationBuilder();
    new PolicyRowParser(b).push(new TextEncoder().encode('7\t310101001001\t9\t-1\t1\t0\t0\t0\t-500\t0\t0\t0\t1\n'));
    const one = b.finish();
    expect([one.columns.birthYmd[0], one.columns.monthlyIncomeFen[0]]).toEqual([19691231, -500]);
    expect(() => new PolicyRowParser(new PopulationBuilder()).push(new TextEncoder().encode('7\t\\N\n'))).toThrow(/unexpected byte/);
    const cut = new PolicyRowParser(new PopulationBuilder());
    cut.push(new TextEncoder().encode('7\t310101001001\t9'));
    expect(() => cut.end()).toThrow(/middle of a row/);
    expect(ymdFromDays(days(20080229))).toBe(20080229);
  });

  it('round-trips the snapshot codec and merges chunks with patches', () => {
    const parts = splitByDistrict(p).map((part) => decodePopulation(encodePopulation(part)));
    expect(parts.length).toBe(p.columns.districts.length);
    const whole = mergePopulations(parts, new Set(), []);
    expect(rows(whole).sort()).toEqual(rows(p).sort());
    // Household 1005 changes (a patch), 1006 is gone (an empty patch), 9999 is new.
    const patch = new PopulationBuilder();
    patch.beginHousehold(1005, 310115004001, 0, 1);
    patch.addMember(1, 19500101, 1, 0, 2, 0, 0, 0, 0);
    patch.beginHousehold(9999, 310101002003, 10, 0);
    patch.addMember(2, 20100505, 1, 0, 0, 1, 0, 0, 0);
    const merged = mergePopulations(parts, new Set([1005, 1006, 9999]), [decodePopulation(encodePopulation(patch.finish())), decodePopulation(encodePopulation(new PopulationBuilder(1, 1).finish()))]);
    const ids = [...merged.householdIds];
    expect(ids.filter((id) => id === 1005 || id === 9999)).toHaveLength(2);
    expect(ids).not.toContain(1006);
    expect(merged.columns.householdCount).toBe(p.columns.householdCount + 1 - 1);
    expect(
      rows(merged)
        .filter((r) => !r.startsWith('1005|') && !r.startsWith('9999|'))
        .sort(),
    ).toEqual(
      rows(p)
        .filter((r) => !r.startsWith('1005|') && !r.startsWith('1006|'))
        .sort(),
    );
  });
});
