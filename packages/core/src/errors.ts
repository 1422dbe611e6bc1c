/**
 * Domain errors with a stable machine code, mapped once to HTTP problem+json (RFC 9457).
 * Every message exists in Chinese (shown first) and English.
 */

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `admin.mobile`. */
  readonly field: string;
  readonly code: string;
  readonly message: Bilingual;
}

export class LinliError extends Error {
  readonly code: string;
  readonly status: number;
  readonly zh: string;
  readonly en: string;
  readonly issues?: readonly FieldIssue[];
  readonly headers?: Record<string, string>;

  constructor(
    code: string,
    status: number,
    message: Bilingual,
    opts: { cause?: unknown; issues?: readonly FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message.en, { cause: opts.cause });
    this.name = 'LinliError';
    this.code = code;
    this.status = status;
    this.zh = message.zh;
    this.en = message.en;
    if (opts.issues) this.issues = opts.issues;
    if (opts.headers) this.headers = opts.headers;
  }
}

/**
 * A catalogue entry: the error of a stable `code` and HTTP `status`, its message in Chinese and
 * English, optionally followed by a detail (`…：detail` / `…: detail`).
 */
export const defineError =
  (code: string, status: number, zh: string, en: string) =>
  (detail?: Partial<Bilingual>, opts?: ConstructorParameters<typeof LinliError>[3]) =>
    new LinliError(
      code,
      status,
      { zh: detail?.zh ? `${zh}：${detail.zh}` : zh, en: detail?.en ? `${en}: ${detail.en}` : en },
      opts,
    );

/** A catalogue entry whose message is fixed: `code`, HTTP `status`, Chinese and English. */
export const errorOf = (code: string, status: number, zh: string, en: string) => () =>
  new LinliError(code, status, { zh, en });

/** Catalogue of stable error codes. Add here; never rename (clients match on `code`). */
export const Errors = {
  validation: defineError(
    'VALIDATION_FAILED',
    400,
    '提交的数据不符合要求',
    'The submitted data is not valid',
  ),
  badJson: defineError('MALFORMED_JSON', 400, '请求体不是有效的 JSON', 'The request body is not valid JSON'),
  unauthenticated: defineError('UNAUTHENTICATED', 401, '请先登录', 'Sign-in required'),
  tokenInvalid: defineError(
    'TOKEN_INVALID',
    401,
    '登录凭证无效或已过期',
    'The access token is invalid or expired',
  ),
  forbidden: defineError('FORBIDDEN', 403, '没有执行此操作的权限', 'You are not allowed to do this'),
  noMembership: defineError(
    'NO_MEMBERSHIP',
    403,
    '此账号未关联任何区县或部委角色',
    'This account has no district or ministry membership',
  ),
  tenantSuspended: defineError(
    'TENANT_SUSPENDED',
    403,
    '该区县平台已暂停，当前为只读',
    'This district platform is suspended and read-only',
  ),
  tenantNotActive: defineError(
    'TENANT_NOT_ACTIVE',
    403,
    '该区县平台尚未开通',
    'This district platform is not active',
  ),
  crossTenant: defineError(
    'CROSS_TENANT_ACCESS',
    403,
    '禁止访问其他区县的数据',
    "Access to another district's data is not allowed",
  ),
  notFound: defineError('NOT_FOUND', 404, '未找到', 'Not found'),
  tenantNotFound: defineError('TENANT_NOT_FOUND', 404, '未找到该区县', 'District not found'),
  moduleNotEnabled: defineError(
    'MODULE_NOT_ENABLED',
    404,
    '本区县未开通该功能模块',
    'This module is not enabled for the district',
  ),
  conflict: defineError('CONFLICT', 409, '数据已被修改或已存在', 'The record already exists or was changed'),
  divisionTaken: defineError(
    'DIVISION_ALREADY_ONBOARDED',
    409,
    '该行政区划已有平台',
    'This division already has a platform',
  ),
  cursorInvalid: defineError(
    'CURSOR_INVALID',
    400,
    '分页游标无效或已不适用于此查询',
    'The page cursor is invalid or does not belong to this query',
  ),
  filterNotAllowed: defineError(
    'FILTER_NOT_ALLOWED',
    403,
    '您的角色看不到该字段，也不能按它筛选',
    'Your role may not see this field, so it may not filter by it',
  ),
  scopeTargetInvalid: defineError(
    'SCOPE_TARGET_INVALID',
    403,
    '无法确定操作对象所属的社区或街道',
    'The community or street of the target cannot be determined',
  ),
  payloadTooLarge: defineError('PAYLOAD_TOO_LARGE', 413, '提交的内容过大', 'The request is too large'),
  unsupportedMedia: defineError(
    'UNSUPPORTED_MEDIA_TYPE',
    415,
    '不支持的内容类型',
    'Unsupported content type',
  ),
  throttled: defineError(
    'THROTTLED',
    429,
    '请求过于频繁，请稍后再试',
    'Too many requests, please retry later',
  ),
  internal: defineError('INTERNAL', 500, '服务器内部错误', 'Internal server error'),
} as const;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  /** Chinese and English messages; `detail` carries the one matching the request's language. */
  message: Bilingual;
  instance?: string;
  errors?: { field: string; code: string; message: Bilingual }[];
}

/** Render an error as an RFC 9457 problem object. `lang` picks `title`/`detail` language. */
export const toProblem = (err: LinliError, lang: 'zh' | 'en' = 'zh', instance?: string): ProblemDetails => ({
  type: `https://linli.example.cn/problems/${err.code.toLowerCase().replaceAll('_', '-')}`,
  title: lang === 'zh' ? err.zh : err.en,
  status: err.status,
  code: err.code,
  detail: lang === 'zh' ? err.zh : err.en,
  message: { zh: err.zh, en: err.en },
  ...(instance ? { instance } : {}),
  ...(err.issues ? { errors: err.issues.map((i) => ({ ...i })) } : {}),
});
