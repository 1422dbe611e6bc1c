/** Domain errors of the services package: stable codes, zh/en messages, HTTP status. */
import { LinliError } from '@linli/core';

const err = (code: string, status: number, zh: string, en: string) => () =>
  new LinliError(code, status, { zh, en });

export const ServiceErrors = {
  serviceNotFound: err('SERVICE_NOT_FOUND', 404, '未找到该服务事项', 'Service not found'),
  /** Another community's (or street's, department's) case answers as if it did not exist. */
  caseNotFound: err('CASE_NOT_FOUND', 404, '未找到该办件', 'Case not found'),
  /** The action does not fit the case's current step or status (stale page, double click). */
  wrongStep: err(
    'CASE_WRONG_STEP',
    409,
    '该办件当前环节不允许此操作，请刷新后重试',
    'This action is not allowed at the case’s current step; reload and retry',
  ),
  /** The caller can see the case but the current step belongs to another role or unit. */
  notYourStep: err(
    'CASE_NOT_YOUR_STEP',
    403,
    '当前环节不由您办理',
    'The current step is handled by someone else',
  ),
  reasonRequired: err('CASE_REASON_REQUIRED', 400, '请填写理由', 'A reason is required'),
  transferTarget: err(
    'CASE_TRANSFER_TARGET',
    400,
    '转办的目标部门无效',
    'The department to transfer to is not valid',
  ),
  idempotencyReused: err(
    'IDEMPOTENCY_KEY_REUSED',
    409,
    '该幂等键已用于另一份申请',
    'This idempotency key was already used for a different submission',
  ),
  caseNumbersExhausted: err(
    'CASE_NUMBERS_EXHAUSTED',
    503,
    '今日办件编号已用完，请明日再试',
    'Case numbers for today are used up; try again tomorrow',
  ),
  definitionVersionConflict: err(
    'SERVICE_VERSION_CONFLICT',
    409,
    '服务事项已被他人修改，请刷新后重试',
    'The service was changed by someone else; reload and retry',
  ),
  channelNotOffered: err(
    'SERVICE_CHANNEL_NOT_OFFERED',
    400,
    '该服务不通过此渠道办理',
    'This service is not offered through this channel',
  ),
  serviceDisabled: err(
    'SERVICE_DISABLED',
    404,
    '本区县未开通该服务事项',
    'This service is not offered by the district',
  ),
};
