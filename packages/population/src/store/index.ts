export { type Actor, auditPut, batchGet, nameOf, queryMulti, transactRetry } from './common.ts';
export {
  countAttr,
  counterOps,
  countResident,
  type Deltas,
  type PopulationStats,
  readStats,
} from './counters.ts';
export {
  auditImportPreview,
  claimImportJob,
  createImportJob,
  failImportJob,
  fileSummary,
  getImportJob,
  getImportReportCsv,
  IMPORT_STALE_MS,
  type ImportFileSummary,
  type ImportJobState,
  type ImportJobSummary,
  type ImportPreview,
  type ImportProgress,
  type ImportRequest,
  type ImportStatus,
  loadCommunityDirectory,
  loadImportMapping,
  MAPPING_MAX,
  previewImport,
  queueImportJob,
  runImportJob,
  saveImportMapping,
} from './imports.ts';
export { COUNTER_SHARDS, frag, popKeys, type ResidentStatus, streetOf } from './keys.ts';
export { describeKind, THEMATIC_KINDS, type ThematicKind, thematicKind } from './kinds.ts';
export { RecordStore, type StoredRecord } from './records.ts';
export {
  DEFAULT_SETTINGS,
  type HistoryEntry,
  PopErrors,
  type PopulationSettings,
  PopulationStore,
  populationSettingsSchema,
  REVIEWABLE_ACTIONS,
  REVIEWABLE_FIELDS,
  type ResidentItem,
  type ResidentView,
  type ReviewView,
  SEALED_FIELDS,
} from './residents.ts';
export { BulkResidentWriter, type WriteOutcome, type WriteRow } from './writer.ts';
