import { describe, expect, test } from 'vitest';
import { parseBatchFile } from './batch-file.js';
import { csvRecords } from './csv.js';

describe('reading CSV (plain lines cut at commas, quoted ones character by character)', () => {
  test('records keep the line they start on across CRLF, lone CR, blank lines and quotes spanning lines', () => {
    const text = 'a,b,c\r\n1,2,3\n\n"x, y","say ""hi""",z\r"two\nlines",,q\n,\n  \nlast,"open';
    expect(csvRecords(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'], unterminated: false },
      { line: 2, fields: ['1', '2', '3'], unterminated: false },
      { line: 4, fields: ['x, y', 'say "hi"', 'z'], unterminated: false },
      { line: 5, fields: ['two\nlines', '', 'q'], unterminated: false },
      { line: 7, fields: ['', ''], unterminated: false },
      { line: 8, fields: ['  '], unterminated: false },
      { line: 9, fields: ['last', 'open'], unterminated: true },
    ]);
  });

  test('a quote inside an unquoted field is a character; the batch reader reports bad lines by their line number', () => {
    expect(csvRecords('a"b,c\n')).toEqual([{ line: 1, fields: ['a"b', 'c'], unterminated: false }]);
    const file = parseBatchFile('\ufeff编号,名称\n1,甲\n2\n"3","丙\n', 'csv');
    expect(file.count).toBe(3);
    expect(file.rows).toEqual([{ row: 2, record: { 编号: '1', 名称: '甲' } }]);
    expect(file.errors).toEqual([
      { row: 3, field: '', message: '字段数为 1，与表头的 2 个不符' },
      { row: 4, field: '', message: '引号未闭合' },
    ]);
  });
});
