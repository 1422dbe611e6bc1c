/**
 * The kiosk's and the TV's own strings (zh-CN first, English), kept in their lazy chunks so the
 * portal entry (100 KB gz budget) carries none of them.
 */
const zh = {
  kioskTitle: '{{district}} 自助服务终端',
  start: '办理业务',
  startHint: '使用身份证号和短信验证码登录',
  lookup: '查询办件进度',
  lookupHint: '输入办件编号和手机号后四位',
  idNumber: '请输入公民身份号码',
  code: '请输入短信验证码',
  codeSent:
    '如果您的身份证号已在社区登记手机号，验证码已发送到该手机（5 分钟内有效）。没有收到？请到窗口咨询。',
  next: '下一步',
  signIn: '登录',
  back: '返回',
  clear: '清空',
  del: '删除',
  hello: '{{name}}，您好',
  chooseService: '请选择要办理的事项',
  noServices: '本终端暂无可办理的事项，请到窗口办理。',
  myCase: '查询我的办件',
  signOut: '退出登录',
  notEligible: '暂不符合申请条件',
  submit: '提交申请',
  submitting: '正在提交…',
  prefilled: '以下信息来自社区登记，无需填写',
  receipt: '办件回执',
  receiptNumber: '办件编号',
  receiptService: '办理事项',
  receiptFiled: '受理时间',
  receiptDue: '承诺办结日期',
  receiptNote: '请妥善保管本回执。凭办件编号可在本终端、门户网站、电视或热线 {{hotline}} 查询办理进度。',
  print: '打印回执',
  done: '完成',
  caseNumber: '请输入办件编号（18 位数字）',
  mobile4: '请输入申请时所留手机号的后四位',
  search: '查询',
  notFound: '没有找到该办件，请核对编号和手机号。',
  status: '办理状态',
  step: '当前环节',
  idleWarning: '长时间无操作，{{seconds}} 秒后将自动退出并清除您的信息。',
  stay: '继续办理',
  idleOut: '为保护您的隐私，已自动退出登录。',
  invalidId: '身份证号格式不正确，请核对',
  failed: '操作未成功，请稍后重试或到窗口办理。',
  statusNames: {
    pending: '办理中',
    returned: '待补正',
    approved: '已办结',
    rejected: '不予办理',
    withdrawn: '已撤回',
  },
  tvTitle: '{{district}} 社区服务',
  tvNotices: '通知公告',
  tvGuides: '办事指南',
  tvLookup: '办件查询',
  tvHelp: '用遥控器方向键选择，按“确定”键打开',
  tvNoNotices: '暂无通知公告',
  tvMaterials: '所需材料',
  tvTimeLimit: '承诺时限：{{days}} 个工作日',
  tvDepartment: '办理部门：{{name}}',
  tvClose: '返回',
  tvKeys: '用遥控器数字键输入',
};
export type KioskStrings = typeof zh;

const en: KioskStrings = {
  kioskTitle: '{{district}} self-service terminal',
  start: 'Apply for a service',
  startHint: 'Sign in with your ID number and a text-message code',
  lookup: 'Check a case',
  lookupHint: 'Enter the case number and your mobile’s last 4 digits',
  idNumber: 'Enter your citizen ID number',
  code: 'Enter the code from the text message',
  codeSent:
    'If your ID number is registered with a mobile number in your community, a code was sent to it (valid 5 minutes). No message? Ask at the counter.',
  next: 'Next',
  signIn: 'Sign in',
  back: 'Back',
  clear: 'Clear',
  del: 'Delete',
  hello: 'Hello, {{name}}',
  chooseService: 'Choose a service',
  noServices: 'No services can be applied for at this terminal; please use the counter.',
  myCase: 'Check my case',
  signOut: 'Sign out',
  notEligible: 'Not eligible at present',
  submit: 'Submit',
  submitting: 'Submitting…',
  prefilled: 'From your community’s records: nothing to fill in',
  receipt: 'Receipt',
  receiptNumber: 'Case number',
  receiptService: 'Service',
  receiptFiled: 'Filed',
  receiptDue: 'Promised by',
  receiptNote:
    'Keep this receipt. With the case number you can check progress here, on the portal, on TV or at the hotline {{hotline}}.',
  print: 'Print receipt',
  done: 'Done',
  caseNumber: 'Enter the case number (18 digits)',
  mobile4: 'Enter the last 4 digits of the mobile you gave',
  search: 'Search',
  notFound: 'No such case: check the number and the mobile digits.',
  status: 'Status',
  step: 'Current step',
  idleWarning: 'No activity: signing out and clearing your details in {{seconds}} s.',
  stay: 'Continue',
  idleOut: 'You were signed out to protect your privacy.',
  invalidId: 'That ID number is not valid',
  failed: 'That did not work; please try again or use the counter.',
  statusNames: {
    pending: 'In progress',
    returned: 'Waiting for you',
    approved: 'Completed',
    rejected: 'Not granted',
    withdrawn: 'Withdrawn',
  },
  tvTitle: '{{district}} community services',
  tvNotices: 'Notices',
  tvGuides: 'Service guides',
  tvLookup: 'Case status',
  tvHelp: 'Use the arrow keys to choose, OK to open',
  tvNoNotices: 'No notices',
  tvMaterials: 'Materials',
  tvTimeLimit: 'Time limit: {{days}} working days',
  tvDepartment: 'Department: {{name}}',
  tvClose: 'Back',
  tvKeys: 'Use the remote’s number keys',
};

export const kioskStrings = (lang: string): KioskStrings => (lang === 'en' ? en : zh);

/** `{{name}}` placeholders filled. */
export const fill = (s: string, vars: Record<string, string | number> = {}) =>
  s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));

/** `110101202612020007` → `110101-20261202-0007`. */
export const caseNumberOf = (digits: string) =>
  digits.length === 18 ? `${digits.slice(0, 6)}-${digits.slice(6, 14)}-${digits.slice(14)}` : digits;

export interface CaseStatusView {
  readonly number: string;
  readonly service: { zh: string; en: string };
  readonly status: 'pending' | 'returned' | 'approved' | 'rejected' | 'withdrawn';
  readonly step: { zh: string; en: string } | null;
  readonly filedOn: string;
  readonly due: string;
  readonly closedOn: string | null;
}

/** One call to the kiosk API (`/kiosk/v1/<slug>/…`); rejects with the problem's message. */
export async function kioskCall<R>(
  path: string,
  opts: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string>; lang: string },
): Promise<R> {
  const res = await fetch(path, {
    method: opts.method ?? 'GET',
    headers: {
      Accept: 'application/json',
      'Accept-Language': opts.lang === 'en' ? 'en' : 'zh-CN',
      ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    // Nothing of a kiosk session may stay in the terminal's caches.
    cache: 'no-store',
  });
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as { detail?: string; status?: number };
    throw Object.assign(new Error(p.detail ?? `HTTP ${res.status}`), { status: res.status });
  }
  return (await res.json()) as R;
}
