/**
 * Every chart's numbers as an Excel file, written in the browser. exceljs is loaded on the first
 * download only (it is larger than all the charts together).
 */
import { saveBlob } from '../api/download.js';

export type Cell = string | number | null;

export interface SheetData {
  name: string;
  columns: string[];
  rows: Cell[][];
}

type ExcelModule = typeof import('exceljs');

/** The browser build is a UMD bundle: depending on the interop, the classes sit on the module or on its default. */
async function loadExcel(): Promise<ExcelModule> {
  const loaded: ExcelModule | { default: ExcelModule } = await import('exceljs');
  return 'Workbook' in loaded ? loaded : loaded.default;
}

/** Sheet names: at most 31 characters and none of : \ / ? * [ ]. */
const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';

export async function downloadExcel(filename: string, sheets: SheetData[]): Promise<void> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '上海民政业务平台';
  workbook.created = new Date();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheetName(sheet.name));
    worksheet.addRow(sheet.columns);
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow(row);
    worksheet.columns.forEach((column, i) => {
      const longest = Math.max(String(sheet.columns[i] ?? '').length * 2, ...sheet.rows.map((row) => String(row[i] ?? '').length));
      column.width = Math.min(Math.max(longest + 2, 8), 50);
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  saveBlob(new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), filename.endsWith('.xlsx') ? filename : `${filename}.xlsx`);
}
