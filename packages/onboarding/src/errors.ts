import { defineError } from '@linli/core';
import { describePasswordPolicy, staffPool } from '@linli/tables';

/** Stable error codes of onboarding. Never rename: clients match on `code`. */
export const OnboardingErrors = {
  draftNotFound: defineError(
    'DRAFT_NOT_FOUND',
    404,
    '草稿不存在或已过期',
    'The draft does not exist or has expired',
  ),
  draftIncomplete: defineError(
    'DRAFT_INCOMPLETE',
    400,
    '申请信息尚未填写完整',
    'The application is not complete',
  ),
  contactNotVerified: defineError(
    'CONTACT_NOT_VERIFIED',
    400,
    '请先验证管理员手机号或邮箱',
    "Verify the administrator's mobile or e-mail first",
  ),
  codeMismatch: defineError('CODE_MISMATCH', 400, '验证码不正确', 'The code is not correct'),
  codeExpired: defineError(
    'CODE_EXPIRED',
    410,
    '验证码已过期，请重新获取',
    'The code has expired; request a new one',
  ),
  codeTooManyAttempts: defineError(
    'CODE_TOO_MANY_ATTEMPTS',
    429,
    '尝试次数过多，请重新获取验证码',
    'Too many attempts; request a new code',
  ),
  codeResendTooSoon: defineError(
    'CODE_RESEND_TOO_SOON',
    429,
    '发送过于频繁，请稍后再试',
    'A code was sent moments ago; wait before asking again',
  ),
  applicationNotFound: defineError('APPLICATION_NOT_FOUND', 404, '未找到该申请', 'Application not found'),
  applicationState: defineError(
    'APPLICATION_STATE',
    409,
    '该申请当前状态不允许此操作',
    'The application is not in a state that allows this',
  ),
  passwordPolicy: defineError(
    'PASSWORD_POLICY',
    400,
    `密码须${describePasswordPolicy(staffPool.passwordPolicy, 'zh')}`,
    `The password needs ${describePasswordPolicy(staffPool.passwordPolicy, 'en')}`,
  ),
  invitationNotFound: defineError('INVITATION_NOT_FOUND', 404, '邀请不存在', 'Invitation not found'),
  invitationExpired: defineError('INVITATION_EXPIRED', 410, '邀请已过期', 'The invitation has expired'),
  invitationUsed: defineError(
    'INVITATION_USED',
    409,
    '邀请码已被使用',
    'The invitation has already been used',
  ),
  invitationCode: defineError(
    'INVITATION_CODE_INVALID',
    400,
    '邀请码不正确',
    'The invitation code is not correct',
  ),
  scopeInvalid: defineError(
    'SCOPE_INVALID',
    400,
    '所选街道、社区或部门不属于本区县',
    'The street, community or department is not part of this district',
  ),
  userExists: defineError('USER_EXISTS', 409, '该账号已存在', 'An account with this contact already exists'),
  provisioningStep: defineError(
    'PROVISIONING_STEP_FAILED',
    500,
    '开通步骤失败',
    'A provisioning step failed',
  ),
  tenantState: defineError(
    'TENANT_STATE',
    409,
    '该区县当前状态不允许此操作',
    'The district is not in a state that allows this',
  ),
  gracePeriod: defineError(
    'GRACE_PERIOD',
    409,
    '宽限期尚未结束，暂不能删除数据',
    'The grace period has not ended yet',
  ),
  exportToken: defineError(
    'EXPORT_TOKEN_INVALID',
    403,
    '下载凭证无效或已过期',
    'The download token is invalid or expired',
  ),
  statusToken: defineError('STATUS_TOKEN_INVALID', 403, '查询凭证不正确', 'The status token is not correct'),
} as const;
