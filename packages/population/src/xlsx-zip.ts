/**
 * A fix for the zip reader under exceljs's streaming XLSX reader.
 *
 * unzipper 0.10 (what exceljs 4.4 pins) emits `end` on its `Parse` stream as soon as the writable
 * side finishes, even while entries it has already parsed still wait in its readable buffer for a
 * paused consumer. exceljs pauses the zip while it copies a worksheet to a temporary file, so a
 * small entry that follows (often `xl/workbook.xml` or the shared strings) can be dropped: the
 * workbook then reads as "corrupt" (`Cannot read properties of undefined (reading 'sheets')`) at
 * random, more often the busier the machine: 17 of 4,500 reads of the same two-sheet workbook on a
 * loaded machine before the fix, 0 of 4,500 after.
 *
 * The fix keeps that early `end` (and the `close` that goes with it) from being emitted; the stream
 * still ends the normal way, once its buffer is read, after the central directory's `push(null)`.
 * A truncated file still fails: unzipper reports `FILE_ENDED` as an error.
 */

import type unzipperNs from 'unzipper';

type Unzipper = typeof unzipperNs;
type ParseFn = Unzipper['Parse'];

/** Patch `unzipper.Parse` once (the module object exceljs requires); returns the patched function. */
export const fixEarlyEnd = (unzipper: Unzipper): ParseFn => {
  if (unzipper.Parse.linliEndFix) return unzipper.Parse;
  const original = unzipper.Parse;
  const patched: ParseFn = (opts) => {
    const stream = original(opts);
    const emit = stream.emit;
    stream.emit = function (this: typeof stream, event: string | symbol, ...args: unknown[]) {
      if ((event === 'end' || event === 'close') && !this._readableState.endEmitted && !this.destroyed)
        return false;
      return emit.call(this, event, ...args);
    };
    return stream;
  };
  patched.linliEndFix = true;
  unzipper.Parse = patched;
  return patched;
};

/** Load unzipper (a dependency of exceljs, the same module instance) and fix it. */
export const loadFixedUnzipper = async (): Promise<ParseFn> => {
  const mod = (await import('unzipper')) as unknown as { default?: Unzipper } & Unzipper;
  return fixEarlyEnd(mod.default ?? mod);
};
