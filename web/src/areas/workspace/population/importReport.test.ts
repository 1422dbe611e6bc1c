import { describe, expect, it } from 'vitest';
import { parseCsv, parseReport } from './importReport';

describe('import report', () => {
  it('parses quoted cells with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\r\ng"\r\n1,2,3,4\r\n')).toEqual([
      ['a', 'b,c', 'd "e"', 'f\r\ng'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('reads the issues with row, field, code and both messages', () => {
    const csv =
      '\uFEFFrow,field,code,message_zh,message_en\r\n' +
      '4,sex,RESIDENT_SEX_MISMATCH,性别与身份证号不符,"Sex does not match the ID number"\r\n' +
      "7,name,IMPORT_CELL_TOO_LONG,'-超长,'-too long\r\n";
    expect(parseReport(csv)).toEqual([
      {
        row: 4,
        field: 'sex',
        code: 'RESIDENT_SEX_MISMATCH',
        message: { zh: '性别与身份证号不符', en: 'Sex does not match the ID number' },
      },
      { row: 7, field: 'name', code: 'IMPORT_CELL_TOO_LONG', message: { zh: '-超长', en: '-too long' } },
    ]);
  });

  it('reads nothing from something that is not a report', () => {
    expect(parseReport('<html></html>')).toEqual([]);
  });
});
