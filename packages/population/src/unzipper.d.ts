/** The part of unzipper 0.10 (exceljs's zip reader) that `xlsx-zip.ts` patches; it ships no types. */
declare module 'unzipper' {
  type ParseStream = NodeJS.ReadWriteStream & { _readableState: { endEmitted: boolean }; destroyed: boolean };
  const unzipper: { Parse: ((opts?: { forceStream?: boolean }) => ParseStream) & { linliEndFix?: true } };
  export default unzipper;
}
