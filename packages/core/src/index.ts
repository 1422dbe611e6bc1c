export { loadConfig } from './config.ts';
export {
  type Bilingual,
  Errors,
  type FieldIssue,
  LinliError,
  type ProblemDetails,
  toProblem,
} from './errors.ts';
export { newId } from './ids.ts';
export { maskEmail, maskMobile } from './masking.ts';
export { issuesFromZod, parseOrThrow, validationError } from './validation.ts';
