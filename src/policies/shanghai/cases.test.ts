/**
 * Runs every hand-computed worked case (cases/*.json) through the pure evaluator. The expected numbers in
 * the files were worked out from POLICY-PACK.md by hand (arithmetic beside each case), not produced by
 * this code, so a failure here means the engine or the pack disagrees with the written rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnsFromHouseholds, screen, validateEvaluateRequest } from '../../policy/index.js';
import { evaluateRequest, shanghaiPack } from './index.js';

interface Expected {
  programme: string;
  memberId?: string;
  eligible: boolean;
  monthlyAmountFen: number;
}
interface WorkedCase {
  id: string;
  title: string;
  rule: string;
  arithmetic: string[];
  input: unknown;
  expected: Expected[];
}

const dir = new URL('./cases/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const all: { file: string; c: WorkedCase }[] = files.flatMap((file) => (JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as WorkedCase[]).map((c) => ({ file, c })));

describe('Shanghai pack v1 worked cases', () => {
  it('has at least 40 cases with unique ids, each quoting its rule and arithmetic', () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect(new Set(all.map(({ c }) => c.id)).size).toBe(all.length);
    for (const { c } of all) {
      expect(c.rule.length, c.id).toBeGreaterThan(10);
      expect(c.arithmetic.length, c.id).toBeGreaterThan(0);
    }
  });

  for (const { file, c } of all) {
    it(`${file} ${c.id} ${c.title}`, () => {
      const out = evaluateRequest(c.input);
      const got = out.results.map((r) => ({
        programme: r.programme,
        ...(r.memberId !== undefined ? { memberId: r.memberId } : {}),
        eligible: r.eligible,
        monthlyAmountFen: r.monthlyAmountFen,
      }));
      // Every result of the requested programmes is asserted: nothing extra, nothing missing.
      expect(got).toEqual(c.expected);
      for (const r of out.results) {
        expect(r.reasons.length).toBeGreaterThan(r.conditions.length);
        expect(r.reasons[0]).toMatch(/^结论：/);
      }
    });

    it(`${file} ${c.id} screened by the compiled kernel`, () => {
      // The same hand-computed numbers must come out of the columnar path used for whole-city screening.
      const request = validateEvaluateRequest(
        c.input,
        shanghaiPack.programmes.map((p) => p.id),
      );
      const cols = columnsFromHouseholds([{ facts: request.household, district: '310101' }]);
      const result = screen(shanghaiPack, cols, request.month, { programmes: request.programmes });
      const ids = request.household.members.map((m) => m.id);
      for (const e of c.expected) {
        const index = e.memberId === undefined ? 0 : ids.indexOf(e.memberId);
        const out = result.outputs[e.programme];
        expect({ id: e.memberId, eligible: out.eligible[index] === 1, amount: out.amountFen[index] }).toEqual({ id: e.memberId, eligible: e.eligible, amount: e.monthlyAmountFen });
      }
    });
  }
});
