/** Domain errors of community work: stable codes, zh/en messages, HTTP status. */
import { errorOf } from '@linli/core';

export const CommunityErrors = {
  taskNotFound: errorOf('TASK_NOT_FOUND', 404, '未找到该任务', 'Task not found'),
  taskChanged: errorOf(
    'TASK_CHANGED',
    409,
    '该任务已被他人处理或修改，请刷新',
    'The task was handled or changed by someone else; reload',
  ),
  taskWrongStep: errorOf(
    'TASK_WRONG_STEP',
    409,
    '该任务当前状态不允许此操作',
    'This action does not fit the task’s current state',
  ),
  feedbackRequired: errorOf('TASK_FEEDBACK_REQUIRED', 400, '请填写反馈内容', 'Feedback is required'),
  templateNotFound: errorOf(
    'REPORT_TEMPLATE_NOT_FOUND',
    404,
    '未找到该报表模板',
    'Report template not found',
  ),
  templateChanged: errorOf(
    'REPORT_TEMPLATE_CHANGED',
    409,
    '报表模板已被他人修改，请刷新',
    'The template was changed by someone else; reload',
  ),
  cycleNotFound: errorOf('REPORT_CYCLE_NOT_FOUND', 404, '未找到该报表周期', 'Report cycle not found'),
  cycleExists: errorOf(
    'REPORT_CYCLE_EXISTS',
    409,
    '该模板本期报表已下发',
    'This template’s report for the period is already open',
  ),
  reportNotFound: errorOf('REPORT_NOT_FOUND', 404, '未找到该社区的报表', 'Report not found'),
  reportChanged: errorOf(
    'REPORT_CHANGED',
    409,
    '报表已被他人修改，请刷新后重试',
    'The report was changed by someone else; reload and retry',
  ),
  reportWrongStatus: errorOf(
    'REPORT_WRONG_STATUS',
    409,
    '报表当前状态不允许此操作',
    'This action does not fit the report’s current status',
  ),
  reasonRequired: errorOf(
    'REPORT_REASON_REQUIRED',
    400,
    '修改数据库预填的数值须填写理由',
    'Changing a figure filled from the database needs a reason',
  ),
  unknownField: errorOf('REPORT_FIELD_UNKNOWN', 400, '报表中没有该字段', 'The report has no such field'),
  consultationNotFound: errorOf('CONSULTATION_NOT_FOUND', 404, '未找到该议事协商', 'Consultation not found'),
  consultationClosed: errorOf(
    'CONSULTATION_CLOSED',
    409,
    '该议事协商不在投票期内',
    'This consultation is not open for voting',
  ),
  consultationChanged: errorOf(
    'CONSULTATION_CHANGED',
    409,
    '该议事协商已被他人修改，请刷新',
    'The consultation was changed by someone else; reload',
  ),
  alreadyVoted: errorOf(
    'CONSULTATION_ALREADY_VOTED',
    409,
    '您已投过票（含纸质投票），不能重复投票',
    'You have already voted (on paper or online)',
  ),
  notEligible: errorOf(
    'CONSULTATION_NOT_ELIGIBLE',
    403,
    '您不在本次议事协商的参与范围内',
    'You are not among the residents this consultation is open to',
  ),
  residentUnknown: errorOf(
    'CONSULTATION_RESIDENT_UNKNOWN',
    403,
    '未能确认您的居民身份，请联系社区登记手机号',
    'Your resident record could not be found; ask the community to register your mobile',
  ),
  optionUnknown: errorOf('CONSULTATION_OPTION_UNKNOWN', 400, '没有该选项', 'No such option'),
};
