import type { LocalizedText } from './types';

/** One field-level error of a problem+json body. */
export interface FieldError {
  field: string;
  code: string;
  message: LocalizedText;
}

/** An RFC 9457 problem+json body as Linli's API sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  message?: LocalizedText;
  errors?: FieldError[];
}

const FALLBACK: Record<string, LocalizedText> = {
  NETWORK: { zh: '网络连接失败，请稍后重试。', en: 'Network error, please try again later.' },
  UNKNOWN: { zh: '出现了问题，请稍后重试。', en: 'Something went wrong, please try again later.' },
  UNAUTHORIZED: { zh: '登录已过期，请重新登录。', en: 'Your session has expired; please sign in again.' },
};

/** Every failed API call surfaces as this: a status, a stable code, bilingual messages, field errors. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: LocalizedText;
  readonly fieldErrors: readonly FieldError[];
  readonly problem: Problem | undefined;

  constructor(
    status: number,
    code: string,
    messages: LocalizedText,
    problem?: Problem,
    options?: ErrorOptions,
  ) {
    super(messages.en || code, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.problem = problem;
    this.fieldErrors = problem?.errors ?? [];
  }

  /** The message in the UI language (`zh-CN` → Chinese, anything else → English). */
  localized(lang: string): string {
    return lang.startsWith('zh') ? this.messages.zh : this.messages.en;
  }

  static network(cause: unknown): ApiError {
    return new ApiError(0, 'NETWORK', FALLBACK.NETWORK!, undefined, { cause });
  }

  static badResponse(status: number, cause: unknown): ApiError {
    return new ApiError(status, 'BAD_RESPONSE', FALLBACK.UNKNOWN!, undefined, { cause });
  }

  static unauthorized(problem?: Problem): ApiError {
    return new ApiError(
      401,
      problem?.code ?? 'UNAUTHORIZED',
      problem?.message ?? FALLBACK.UNAUTHORIZED!,
      problem,
    );
  }
}

function isLocalized(v: unknown): v is LocalizedText {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as LocalizedText).zh === 'string' &&
    typeof (v as LocalizedText).en === 'string'
  );
}

/** Turn a failed Response into an ApiError, whatever its body (problem+json, other JSON, HTML from a proxy). */
export async function parseProblem(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  let problem: Problem | undefined;
  if (type.includes('json')) {
    try {
      const body: unknown = await res.json();
      if (typeof body === 'object' && body !== null) problem = body as Problem;
    } catch {
      problem = undefined;
    }
  }
  const code = typeof problem?.code === 'string' ? problem.code : `HTTP_${res.status}`;
  const messages = isLocalized(problem?.message)
    ? problem.message
    : problem?.title
      ? { zh: problem.title, en: problem.title }
      : FALLBACK.UNKNOWN!;
  const errors = Array.isArray(problem?.errors)
    ? problem.errors.filter((e) => typeof e?.field === 'string' && isLocalized(e.message))
    : undefined;
  const cleaned = problem ? { ...problem, ...(errors ? { errors } : {}) } : undefined;
  return new ApiError(res.status, code, messages, cleaned);
}
