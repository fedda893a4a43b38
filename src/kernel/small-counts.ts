/**
 * Small-count suppression for published tables (公开数据): a count of 1–4 persons is shown as "<5" (primary), and
 * then, in every group of cells whose total is also published, one hidden cell alone could be worked out as the
 * total minus the others — so the smallest other non-zero cell of that group is hidden as well (complementary,
 * 次级隐藏), repeated until no group has exactly one hidden member. A total counts as a member of its group. Ratios
 * and money sums over a hidden count are hidden with it by the caller (`hiddenKeys`).
 */
export const SMALL_COUNT_THRESHOLD = 5;
export const HIDDEN_MARK = '<5';

export interface SuppressionGroup {
  /** Keys of the cells the total adds up. */
  cells: readonly string[];
  /** Key of the published total of those cells (null when no total is published). */
  total: string | null;
}

export interface Suppressed {
  /** Every key with its value, or "<5" where hidden. */
  values: Map<string, number | typeof HIDDEN_MARK>;
  hiddenKeys: Set<string>;
  /** How many were hidden only to protect another (complementary). */
  complementary: number;
}

export function suppressSmallCounts(counts: ReadonlyMap<string, number>, groups: readonly SuppressionGroup[], threshold = SMALL_COUNT_THRESHOLD): Suppressed {
  const hidden = new Set<string>();
  for (const [key, n] of counts) if (n > 0 && n < threshold) hidden.add(key);
  const primary = hidden.size;
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups) {
      const members = group.total === null ? [...group.cells] : [...group.cells, group.total];
      if (group.total === null) continue; // without a published total nothing can be subtracted
      const unknown = members.filter((k) => hidden.has(k));
      if (unknown.length !== 1) continue;
      // Hide the smallest visible non-zero cell; if none, the total itself (zeros tell nothing new).
      const candidates = group.cells.filter((k) => !hidden.has(k) && (counts.get(k) ?? 0) > 0).sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || a.localeCompare(b));
      hidden.add(candidates[0] ?? group.total);
      changed = true;
    }
  }
  const values = new Map<string, number | typeof HIDDEN_MARK>();
  for (const [key, n] of counts) values.set(key, hidden.has(key) ? HIDDEN_MARK : n);
  return { values, hiddenKeys: hidden, complementary: hidden.size - primary };
}
