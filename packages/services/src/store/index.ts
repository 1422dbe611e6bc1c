export {
  type Applicant,
  type CaseNote,
  type CaseRecord,
  CaseStore,
  type CaseView,
  type ExtraOps,
  type InboxEntry,
  type InboxFilter,
  type Submission,
  type TimelineEvent,
} from './cases.ts';
export {
  type CatalogueEntry,
  catalogueSeedItems,
  findCatalogueEntry,
  getCatalogueEntry,
  getDefinitionVersion,
  listCatalogue,
  saveDefinition,
  setServiceEnabled,
} from './catalogue.ts';
export { defVersion, type InboxScope, type SvcKeys, svcKeys } from './keys.ts';
export { listMessages, markSms, messageOp, type PortalMessage } from './messages.ts';
export {
  type Callback,
  callbackOutcomeSchema,
  DIMENSION_LABELS,
  RATING_DIMENSIONS,
  RATING_LABELS,
  RATING_LEVELS,
  type RatedCase,
  type Rating,
  type RatingDimension,
  RatingErrors,
  type RatingInput,
  type RatingLevel,
  type RatingStats,
  RatingStore,
  RECTIFICATION_DAYS,
  RECTIFICATION_DEPARTMENTS,
  type Rectification,
  ratingInputSchema,
  rectificationCompleteSchema,
  UNHAPPY,
} from './ratings.ts';
export { assertUploadId, UploadErrors, UploadStore, type UploadTicket } from './uploads.ts';
