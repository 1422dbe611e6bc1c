export {
  type Applicant,
  type CaseNote,
  type CaseRecord,
  CaseStore,
  type CaseView,
  type Escalation,
  type ExtraOps,
  type InboxEntry,
  type InboxFilter,
  inboxItemsOf,
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
export { type EscalationRun, escalateDistricts, escalateOverdue } from './escalation.ts';
export { defVersion, type InboxScope, type SvcKeys, svcKeys } from './keys.ts';
export { listMessages, markSms, messageOp, type PortalMessage } from './messages.ts';
export { type NoticeInput, noticeInputSchema, noticeScopeSchema } from './notice-inputs.ts';
export {
  currentNotices,
  DECISION_NOTICE_DAYS,
  type DecisionSource,
  decisionNotice,
  decisionNoticeOps,
  decisionSourceOfCase,
  generalNoticeOps,
  getNotice,
  isCurrent,
  listNotices,
  maskNoticeId,
  maskNoticeName,
  NOTICE_WINDOW,
  type Notice,
  type NoticeEntry,
  NoticeErrors,
  type NoticeScope,
  publishDecisionNotice,
  publishNotice,
  withdrawNotice,
} from './notices.ts';
export {
  callbackOutcomeSchema,
  type RatingInput,
  ratingInputSchema,
  rectificationCompleteSchema,
} from './rating-inputs.ts';
export {
  type Callback,
  completionCallbackOp,
  DIMENSION_LABELS,
  RATING_DIMENSIONS,
  RATING_LABELS,
  RATING_LEVELS,
  type RatedCase,
  type Rating,
  type RatingDimension,
  RatingErrors,
  type RatingLevel,
  type RatingStats,
  RatingStore,
  RECTIFICATION_DAYS,
  RECTIFICATION_DEPARTMENTS,
  type Rectification,
  UNHAPPY,
} from './ratings.ts';
export { assertUploadId, UploadErrors, UploadStore, type UploadTicket } from './uploads.ts';
