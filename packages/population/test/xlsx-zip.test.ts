import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { describe, expect, it } from 'vitest';
import { loadFixedUnzipper } from '../src/xlsx-zip.ts';

type Entry = NodeJS.ReadableStream & { path: string; autodrain(): unknown };

const twoSheets = async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('居民').addRow(['姓名', '王小明']);
  wb.addWorksheet('其他').addRow(['ignored']);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

/**
 * The race exceljs's reader loses at random, made certain: the whole file is written while nobody
 * reads, so every entry is parsed and waits in the buffer when the writable side finishes.
 */
const readAfterFinish = async (bytes: Buffer) => {
  const Parse = unzipper.Parse;
  const zip = Parse({ forceStream: true });
  const events: string[] = [];
  zip.on('end', () => events.push('end'));
  await new Promise<void>((resolve) => {
    zip.on('finish', () => resolve());
    zip.end(bytes);
  });
  events.push('finish');
  const paths: string[] = [];
  for await (const entry of zip as AsyncIterable<Entry>) {
    paths.push(entry.path);
    entry.autodrain();
  }
  return { events, paths };
};

describe('the zip reader under the XLSX import', () => {
  it('does not end while parsed entries still wait to be read', async () => {
    await loadFixedUnzipper();
    const { events, paths } = await readAfterFinish(await twoSheets());
    expect(events).toEqual(['finish', 'end']);
    expect(paths).toEqual(expect.arrayContaining(['xl/worksheets/sheet1.xml', 'xl/workbook.xml']));
  });

  it('still fails a truncated file instead of hanging', async () => {
    await loadFixedUnzipper();
    const bytes = await twoSheets();
    const Parse = unzipper.Parse;
    const zip = Parse({ forceStream: true });
    zip.end(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(
      (async () => {
        for await (const entry of zip as AsyncIterable<Entry>) entry.autodrain();
      })(),
    ).rejects.toThrow(/FILE_ENDED/);
  });
});
