/** "+5" or "-2.5" (per cent, one decimal at most) → 1050 or 975 per mille, parsed as text. Null if not a percentage. */
export function percentToPermille(text: string): number | null {
  const match = /^\s*([+-]?)(\d{1,4})(?:\.(\d))?\s*$/.exec(text);
  if (!match) return null;
  const tenths = Number(match[2]) * 10 + Number(match[3] ?? '0');
  const permille = 1000 + (match[1] === '-' ? -tenths : tenths);
  return permille > 0 ? permille : null;
}

export const formatChange = (baseline: number, scenario: number): string => {
  const diff = scenario - baseline;
  if (baseline === 0) return diff === 0 ? '持平' : `+${diff}`;
  const pct = (diff / baseline) * 100;
  return `${diff >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
};
