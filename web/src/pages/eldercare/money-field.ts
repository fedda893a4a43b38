import { parseYuan } from '../../format/money.js';

/**
 * Amounts are typed in yuan and sent in fen. parseYuan reads the text digit by digit ("15.5" → 1550), so no
 * binary fraction is ever rounded; more than two decimals is refused rather than rounded away.
 */
export function fenOf(text: string | undefined): number | null {
  if (!text?.trim()) return null;
  const fen = parseYuan(text);
  return fen !== null && fen >= 0 ? fen : null;
}

export const yuanRule = (what: string) => ({
  validator: (_: unknown, value?: string) => (!value?.trim() || fenOf(value) !== null ? Promise.resolve() : Promise.reject(new Error(`${what}须为不小于 0 的金额（元），最多两位小数`))),
});
