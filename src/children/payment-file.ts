/**
 * The monthly payment run shared by the 困境儿童 allowance and the 两项补贴: each (month, recipient) is paid once
 * — the ledger's primary key makes a re-run write nothing — and the file is always the ledger's rows for the
 * month and district, so it comes out the same however often it is asked for.
 */
import { csvDocument, divisionLevel, formatYuan, invalid, isValidMonth, normaliseDivisionCode, type Fen, type Month } from '../kernel/index.js';

export interface PaymentRun {
  month: Month;
  district: string;
  count: number;
  totalFen: Fen;
  /** Payments written by this call (0 on a re-run). */
  writtenNow: number;
  /** Recipients stopped by this run (18 on the 1st, death). */
  stopped: number;
}

export function checkRunInput(input: { month: string; divisionCode: string }, code: string): { month: Month; district: string } {
  if (!isValidMonth(input.month)) throw invalid(`${code}_INVALID_MONTH`, `月份格式错误：${input.month}`);
  const district = normaliseDivisionCode(input.divisionCode);
  if (!district || divisionLevel(district) !== 'district') throw invalid(`${code}_INVALID_DIVISION`, '发放按区进行：须为区级区划代码');
  return { month: input.month, district };
}

export function paymentCsv(header: readonly string[], lines: readonly (readonly (string | number)[])[], amounts: readonly Fen[]): Buffer {
  const total = amounts.reduce((n, a) => n + a, 0);
  return Buffer.from(`\ufeff${csvDocument([header, ...lines, ['合计', `${lines.length} 笔`, formatYuan(total)]])}`, 'utf8');
}
