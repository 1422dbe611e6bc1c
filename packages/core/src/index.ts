export { intBetween, trimmedText } from './bounded.ts';
export {
  boundedString,
  COMMUNITY_CODE,
  checkJsonLimits,
  communityCodeSchema,
  DEFAULT_JSON_LIMITS,
  DISTRICT_CODE,
  DYNAMO_NUMBER_MAX,
  DYNAMO_NUMBER_MIN,
  districtCodeSchema,
  humanText,
  isCommunityCode,
  isStorableNumber,
  isStreetCode,
  isWellFormed,
  type JsonLimits,
  STREET_CODE,
  storableNumber,
  streetCodeSchema,
  ULID,
  ulidSchema,
  uniqueList,
  visibleLength,
} from './canonical.ts';
export { loadConfig } from './config.ts';
export {
  type Bilingual,
  defineError,
  Errors,
  errorOf,
  type FieldIssue,
  LinliError,
  type ProblemDetails,
  toProblem,
} from './errors.ts';
export { newId } from './ids.ts';
export { maskEmail, maskMobile } from './masking.ts';
export { issuesFromZod, parseOrThrow, validationError } from './validation.ts';
