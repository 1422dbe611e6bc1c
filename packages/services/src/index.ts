export { type CaseEventKind, type CaseTextInput, caseText, nextForApplicant } from './case-texts.ts';
export {
  bilingualSchema,
  CHANNELS,
  type Channel,
  DEPARTMENTS,
  type Department,
  type EligibilityRule,
  eligibilityRuleSchema,
  FIELD_TYPES,
  type FormField,
  type FormFieldInput,
  formFieldSchema,
  type Material,
  materialSchema,
  PREFILL_FIELDS,
  type PrefillField,
  ROLE_OF_LEVEL,
  SCOPE_LEVELS,
  type ScopeLevel,
  type ServiceDefinition,
  type ServiceDefinitionInput,
  STAFF_ACTIONS,
  type StaffAction,
  serviceCodeSchema,
  serviceDefinitionSchema,
  stepDepartment,
  type WorkflowStep,
  workflowStepSchema,
} from './catalogue.ts';
export {
  type CatalogueFilter,
  departmentName,
  isOffered,
  matchesSearch,
  offeredServices,
  searchKey,
} from './catalogue-view.ts';
export { ServiceErrors } from './errors.ts';
export {
  checkEligibility,
  type EligibilityIssue,
  type FormData,
  fieldMaskKind,
  formSchemaOf,
  maskForm,
  prefillOf,
  type ResidentFacts,
  sealedKeys,
  type UploadRef,
  uploadRefSchema,
} from './forms.ts';
export { pinyinInitials, prepareDefinition } from './initials.ts';
export { CASE_NUMBER, formatCaseNumber, MAX_CASES_PER_DAY, parseCaseNumber } from './numbers.ts';
export * from './store/index.ts';
export { SERVICE_TEMPLATES, templateByCode } from './templates.ts';
export { hasMarkup, plainText } from './text.ts';
export {
  addWorkingDays,
  type CalendarOverrides,
  chinaDate,
  type DayInfo,
  type IsoDate,
  isWorkingDay,
  packageYears,
  WorkCalendar,
  workingDaysBetween,
  type YearNotice,
  yearNoticeSchema,
} from './workdays.ts';
export {
  allowedActions,
  applyApplicantAction,
  applyStaffAction,
  CASE_STATUSES,
  type CaseState,
  type CaseStatus,
  CLOSED_STATUSES,
  type Clock,
  canSee,
  clockOf,
  type Desk,
  deskOf,
  isAtDesk,
  type StaffActionInput,
  type StaffActor,
  startCase,
  type Transition,
} from './workflow.ts';
