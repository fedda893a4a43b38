/** Money is integer fen (分). Never floats: a yuan amount is only ever produced for display. */
export type Fen = number;

export function assertFen(value: number, field = 'amount'): Fen {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${field} must be an integer number of fen`);
  return value;
}

export const yuanToFen = (yuan: number): Fen => {
  const fen = Math.round(yuan * 100);
  return assertFen(fen);
};

/** "1595.00" — two decimals, computed with integers so 0.1 + 0.2 never shows up. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}.${cents.toString().padStart(2, '0')}`;
}

/** Round a fen amount up to a multiple of `stepFen` (e.g. 500 = 5 yuan). */
export function roundUpTo(fen: Fen, stepFen: Fen): Fen {
  return Math.ceil(fen / stepFen) * stepFen;
}

/** value × numerator / denominator, rounded up, exact in integers (ratios stored as per-mille etc.). */
export function mulDivCeil(value: Fen, numerator: number, denominator: number): Fen {
  const product = value * numerator;
  return Math.floor((product + denominator - 1) / denominator);
}
