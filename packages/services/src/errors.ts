/** Domain errors of the services package: stable codes, zh/en messages, HTTP status. */
import { errorOf } from '@linli/core';

export const ServiceErrors = {
  serviceNotFound: errorOf('SERVICE_NOT_FOUND', 404, '未找到该服务事项', 'Service not found'),
  /** Another community's (or street's, department's) case answers as if it did not exist. */
  caseNotFound: errorOf('CASE_NOT_FOUND', 404, '未找到该办件', 'Case not found'),
  /** The action does not fit the case's current step or status (stale page, double click). */
  wrongStep: errorOf(
    'CASE_WRONG_STEP',
    409,
    '该办件当前环节不允许此操作，请刷新后重试',
    'This action is not allowed at the case’s current step; reload and retry',
  ),
  /** The caller can see the case but the current step belongs to another role or unit. */
  notYourStep: errorOf(
    'CASE_NOT_YOUR_STEP',
    403,
    '当前环节不由您办理',
    'The current step is handled by someone else',
  ),
  reasonRequired: errorOf('CASE_REASON_REQUIRED', 400, '请填写理由', 'A reason is required'),
  transferTarget: errorOf(
    'CASE_TRANSFER_TARGET',
    400,
    '转办的目标部门无效',
    'The department to transfer to is not valid',
  ),
  idempotencyReused: errorOf(
    'IDEMPOTENCY_KEY_REUSED',
    409,
    '该幂等键已用于另一份申请',
    'This idempotency key was already used for a different submission',
  ),
  caseNumbersExhausted: errorOf(
    'CASE_NUMBERS_EXHAUSTED',
    503,
    '今日办件编号已用完，请明日再试',
    'Case numbers for today are used up; try again tomorrow',
  ),
  definitionVersionConflict: errorOf(
    'SERVICE_VERSION_CONFLICT',
    409,
    '服务事项已被他人修改，请刷新后重试',
    'The service was changed by someone else; reload and retry',
  ),
  channelNotOffered: errorOf(
    'SERVICE_CHANNEL_NOT_OFFERED',
    400,
    '该服务不通过此渠道办理',
    'This service is not offered through this channel',
  ),
  serviceDisabled: errorOf(
    'SERVICE_DISABLED',
    404,
    '本区县未开通该服务事项',
    'This service is not offered by the district',
  ),
};
