import type { z } from 'zod';
import { Errors, type FieldIssue, type LinliError } from './errors.ts';

const zhFor = (issue: z.core.$ZodIssue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '必填' : `类型错误，应为 ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' ? `至少 ${issue.minimum} 个字符` : `不能小于 ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `最多 ${issue.maximum} 个字符` : `不能大于 ${issue.maximum}`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `取值无效，可选：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    default:
      return '取值无效';
  }
};

/**
 * Turn a zod error into field-level issues in Chinese and English. A custom refinement may put a
 * bilingual message in its `params` (`{ code, zh, en }`), which is used as given.
 */
export const issuesFromZod = (error: z.core.$ZodError): FieldIssue[] =>
  error.issues.map((issue) => {
    const params = (issue as { params?: { code?: string; zh?: string; en?: string } }).params;
    const field = issue.path.map(String).join('.') || '(body)';
    const en = issue.input === undefined && issue.code === 'invalid_type' ? 'Required' : issue.message;
    return {
      field,
      code: params?.code ?? issue.code.toUpperCase(),
      message: { zh: params?.zh ?? zhFor(issue), en: params?.en ?? en },
    };
  });

export const validationError = (error: z.core.$ZodError): LinliError =>
  Errors.validation(undefined, { issues: issuesFromZod(error) });

/** What a schema of `zod` or of `zod/mini` can do: parse without throwing. */
type SafeParser<S extends z.core.$ZodType> = {
  safeParse(input: unknown): z.core.util.SafeParseResult<z.core.output<S>>;
};

/**
 * Parse or throw a `VALIDATION_FAILED` LinliError with field-level issues. Takes the schemas of both
 * `zod` and `zod/mini` (the stored documents the scheduled functions read are written with the latter).
 */
export const parseOrThrow = <S extends z.core.$ZodType>(schema: S, input: unknown): z.core.output<S> => {
  const result = (schema as unknown as SafeParser<S>).safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
};
