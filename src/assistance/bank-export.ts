/**
 * The bank file of a completed payment run (代发文件), as CSV or Excel. Every line is a paid row of the
 * ledger; the file is refused unless its total and count equal the run's totals read from the ledger.
 */
import ExcelJS from 'exceljs';
import type { Actor } from '../access/index.js';
import { conflict, csvDocument, formatYuan, notFound, type Fen, type Month } from '../kernel/index.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead } from './guard.js';
import { programmeNames, type AssistanceProgramme } from './model.js';

export interface BankLine {
  caseId: number;
  holderName: string;
  bankName: string;
  accountNo: string;
  amountFen: Fen;
  programme: AssistanceProgramme;
  month: Month;
}

export interface BankFile {
  filename: string;
  contentType: string;
  body: Buffer;
  count: number;
  totalFen: Fen;
}

const HEADER = ['序号', '案件编号', '户名', '开户银行', '银行账号', '金额（元）', '救助项目', '发放月份'];

async function bankLines(deps: AssistanceDeps, actor: Actor, runId: number, purpose?: string) {
  const db = tables(deps);
  const run = await db.selectFrom('assistance.payment_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  const request = { permission: 'assistance.pay' as const, action: 'assistance.payments.export', entityType: 'payment_run', entityId: runId };
  if (!run) {
    await allowRead(db, actor, request);
    throw notFound('ASSISTANCE_RUN_NOT_FOUND', `发放批次 ${runId} 不存在`);
  }
  await allowRead(db, actor, { ...request, divisionCodes: [run.district_code], purpose: purpose ? `银行代发：${purpose}` : '银行代发' });
  if (run.status !== 'completed') throw conflict('ASSISTANCE_RUN_NOT_COMPLETED', '发放批次尚未完成，不能导出银行代发文件；请先重新运行该批次');
  const rows = await db
    .selectFrom('assistance.payments as p')
    .innerJoin('assistance.payee_accounts as a', 'a.case_id', 'p.case_id')
    .select(['p.case_id', 'p.amount_fen', 'p.programme', 'p.month', 'a.holder_name', 'a.bank_name', 'a.account_enc'])
    .where('p.month', '=', run.month)
    .where('p.run_id', '=', runId)
    .where('p.status', '=', 'paid')
    .orderBy('p.case_id')
    .execute();
  const lines: BankLine[] = rows.map((r) => ({ caseId: r.case_id, holderName: r.holder_name, bankName: r.bank_name, accountNo: deps.accounts.decrypt(r.account_enc), amountFen: r.amount_fen, programme: r.programme, month: r.month }));
  const totalFen = lines.reduce((n, l) => n + l.amountFen, 0);
  if (totalFen !== run.paid_total_fen || lines.length !== run.paid_count) {
    throw conflict('ASSISTANCE_EXPORT_UNRECONCILED', `代发文件与发放台账不一致：文件 ${lines.length} 笔 ${formatYuan(totalFen)} 元，台账 ${run.paid_count} 笔 ${formatYuan(run.paid_total_fen ?? 0)} 元`);
  }
  return { run, lines, totalFen };
}

export function bankCsv(lines: readonly BankLine[], totalFen: Fen): string {
  return csvDocument([
    HEADER,
    ...lines.map((l, i) => [i + 1, l.caseId, l.holderName, l.bankName, l.accountNo, formatYuan(l.amountFen), programmeNames[l.programme], l.month]),
    ['合计', '', '', '', `${lines.length} 笔`, formatYuan(totalFen), '', ''],
  ]);
}

export async function bankWorkbook(lines: readonly BankLine[], totalFen: Fen, title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('代发明细');
  sheet.addRow([title]);
  sheet.addRow(HEADER);
  sheet.columns = [{ width: 8 }, { width: 12 }, { width: 12 }, { width: 20 }, { width: 26 }, { width: 14 }, { width: 24 }, { width: 10 }];
  // A spreadsheet cell holds yuan as a number for display and SUM; the integer fen in the ledger stay the truth.
  lines.forEach((l, i) => sheet.addRow([i + 1, l.caseId, l.holderName, l.bankName, l.accountNo, l.amountFen / 100, programmeNames[l.programme], l.month]));
  const first = 3;
  const last = first + lines.length - 1;
  // The formula lets the bank re-add the column; the cached result is the ledger's integer total.
  sheet.addRow(['合计', '', '', '', `${lines.length} 笔`, { formula: lines.length ? `SUM(F${first}:F${last})` : '0', result: totalFen / 100 }, '', '']);
  sheet.getColumn(6).numFmt = '0.00';
  // Text columns typed as text: a name such as `=HYPERLINK(…)` is shown, never run (the cells are strings too).
  for (const column of [3, 4, 5]) sheet.getColumn(column).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportBankFile(deps: AssistanceDeps, actor: Actor, runId: number, format: 'csv' | 'xlsx', purpose?: string): Promise<BankFile> {
  const { run, lines, totalFen } = await bankLines(deps, actor, runId, purpose);
  const base = `救助金代发_${run.district_code.slice(0, 6)}_${run.month}`;
  if (format === 'csv') return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(bankCsv(lines, totalFen), 'utf8'), count: lines.length, totalFen };
  const body = await bankWorkbook(lines, totalFen, `${run.month} 社会救助金银行代发明细（区划 ${run.district_code.slice(0, 6)}，共 ${lines.length} 笔，合计 ${formatYuan(totalFen)} 元）`);
  return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body, count: lines.length, totalFen };
}
