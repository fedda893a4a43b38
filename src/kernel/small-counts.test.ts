import { describe, expect, it } from 'vitest';
import { HIDDEN_MARK, suppressSmallCounts } from './small-counts.js';

describe('small-count suppression', () => {
  it('hides 1–4, keeps 0 and 5+, and hides a second cell so the first cannot be had from the total', () => {
    // Orphans by district: A 3, B 12, C 40, D 0, total 55. A alone hidden → 55 − 12 − 40 − 0 = 3: B (the smallest
    // other non-zero) is hidden too; then A + B = 15 is all one learns.
    const counts = new Map([
      ['A', 3],
      ['B', 12],
      ['C', 40],
      ['D', 0],
      ['total', 55],
    ]);
    const out = suppressSmallCounts(counts, [{ cells: ['A', 'B', 'C', 'D'], total: 'total' }]);
    expect(Object.fromEntries(out.values)).toEqual({ A: HIDDEN_MARK, B: HIDDEN_MARK, C: 40, D: 0, total: 55 });
    expect(out.complementary).toBe(1);
  });
  it('works across two dimensions until stable (districts × months with both totals published)', () => {
    const counts = new Map([
      ['A1', 2],
      ['A2', 9],
      ['B1', 7],
      ['B2', 8],
      ['A', 11],
      ['B', 15],
      ['M1', 9],
      ['M2', 17],
      ['T', 26],
    ]);
    const out = suppressSmallCounts(counts, [
      { cells: ['A1', 'A2'], total: 'A' },
      { cells: ['B1', 'B2'], total: 'B' },
      { cells: ['A1', 'B1'], total: 'M1' },
      { cells: ['A2', 'B2'], total: 'M2' },
      { cells: ['A', 'B'], total: 'T' },
    ]);
    // A1 → A2 (row A), B1 (month 1); then row B has B1 alone → B2. No group is left with one unknown.
    expect([...out.hiddenKeys].sort()).toEqual(['A1', 'A2', 'B1', 'B2']);
    expect(out.values.get('T')).toBe(26);
  });
  it('a total under 5 is hidden as well', () => {
    const out = suppressSmallCounts(
      new Map([
        ['A', 4],
        ['B', 0],
        ['total', 4],
      ]),
      [{ cells: ['A', 'B'], total: 'total' }],
    );
    expect(out.values.get('total')).toBe(HIDDEN_MARK);
  });
});
