const yuan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const wan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

/** Money is integer fen everywhere; only the display divides by 100. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${yuan.format(Math.trunc(abs / 100) + (abs % 100) / 100)} 元`;
}

/** Large sums for charts and statistics: 万元 with two decimals (a display value, never stored). */
export function fenToWan(fen: number): number {
  return Math.round(fen / 100) / 10_000;
}

export const formatWan = (fen: number): string => `${wan.format(fenToWan(fen))} 万元`;

/**
 * "1,234.5" → 123450 fen, parsed as text so no binary fraction ever touches a sum. Null when the text
 * is not an amount with at most two decimals.
 */
export function parseYuan(text: string): number | null {
  const match = /^\s*(-?)(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text.replace(/,/g, ''));
  if (!match) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}
