/** Test data of the services pages: a service with one field of every type, a prefill, a case. */
import { setResidentSession } from '../../areas/portal/residentSession';
import type { CasePrefill, ResidentCase, ServiceGuide } from './api';

const t = (zh: string, en: string) => ({ zh, en });

export const GUIDE: ServiceGuide = {
  departmentName: t('民政局', 'Civil affairs'),
  service: {
    code: 'elderly-allowance',
    name: t('高龄津贴', 'Old-age allowance'),
    summary: t('80周岁以上本地户籍老年人高龄津贴', 'Allowance for residents aged 80 and over'),
    department: 'civil-affairs',
    module: 'civil-affairs',
    channels: ['portal', 'counter'],
    eligibility: [{ kind: 'minAge', age: 80 }],
    fields: [
      { key: 'applicant-name', type: 'text', label: t('申请人姓名', 'Name'), prefill: 'name' },
      {
        key: 'id-number',
        type: 'idNumber',
        label: t('身份证号码', 'ID number'),
        prefill: 'idNumber',
        sensitive: true,
      },
      {
        key: 'note',
        type: 'text',
        label: t('情况说明', 'Notes'),
        required: false,
        maxLength: 10,
        multiline: true,
      },
      {
        key: 'income',
        type: 'number',
        label: t('月收入', 'Monthly income'),
        min: 0,
        max: 100000,
        integer: true,
        unit: t('元', 'yuan'),
      },
      { key: 'since', type: 'date', label: t('居住起始日期', 'Living here since'), range: 'past' },
      {
        key: 'household',
        type: 'choice',
        label: t('家庭情况', 'Household'),
        options: [
          { value: 'alone', label: t('独居', 'Alone') },
          { value: 'family', label: t('与家人同住', 'With family') },
        ],
      },
      { key: 'contact-id', type: 'idNumber', label: t('联系人身份证', 'Contact ID') },
      { key: 'contact-mobile', type: 'mobile', label: t('联系人手机', 'Contact mobile') },
      { key: 'address', type: 'address', label: t('居住地址', 'Address'), maxLength: 100 },
      {
        key: 'id-card-scan',
        type: 'file',
        label: t('身份证照片', 'ID card photo'),
        accept: ['image/jpeg', 'image/png'],
        maxBytes: 1024 * 1024,
        maxFiles: 2,
      },
    ],
    materials: [{ key: 'id-copy', name: t('身份证复印件', 'ID copy'), field: 'id-card-scan' }],
    workflow: [
      {
        key: 'intake',
        name: t('社区受理', 'Intake'),
        level: 'community',
        actions: ['accept', 'return', 'reject'],
        timeLimitDays: 3,
      },
      {
        key: 'review',
        name: t('街道审核', 'Street review'),
        level: 'street',
        actions: ['accept', 'return'],
        timeLimitDays: 5,
      },
      {
        key: 'decide',
        name: t('部门审批', 'Decision'),
        level: 'department',
        department: 'civil-affairs',
        actions: ['approve', 'reject'],
        timeLimitDays: 7,
      },
    ],
    timeLimitDays: 15,
  },
};

export const PREFILL: CasePrefill = {
  service: { code: 'elderly-allowance', name: GUIDE.service.name, version: 1 },
  known: true,
  communityCode: '110101001001',
  form: { 'applicant-name': '张*兰', 'id-number': '1101**********1234' },
  prefilled: ['applicant-name', 'id-number'],
  eligibility: { eligible: true, issues: [] },
};

export const CASE: ResidentCase = {
  id: 'c1',
  number: '110101-20261202-0007',
  service: { code: 'elderly-allowance', name: GUIDE.service.name, version: 1 },
  status: 'pending',
  stepIndex: 1,
  step: { index: 1, key: 'review', name: t('街道审核', 'Street review'), level: 'street', timeLimitDays: 5 },
  channel: 'portal',
  filedOn: '2026-12-02',
  due: '2026-12-23',
  provisional: false,
  updatedAt: '2026-12-02T03:00:00Z',
  form: {},
  fields: [
    { key: 'id-number', label: t('身份证号码', 'ID number'), type: 'idNumber', required: true, sealed: true },
    {
      key: 'id-card-scan',
      label: t('身份证照片', 'ID card photo'),
      type: 'file',
      required: true,
      sealed: false,
    },
  ],
  steps: GUIDE.service.workflow.map((w, index) => ({
    index,
    key: w.key,
    name: w.name,
    level: w.level,
    timeLimitDays: w.timeLimitDays,
  })),
  timeline: [
    {
      at: '2026-12-02T01:00:00Z',
      action: 'submit',
      role: 'resident',
      fromStep: 0,
      toStep: 0,
      status: 'pending',
    },
    {
      at: '2026-12-02T03:00:00Z',
      action: 'accept',
      role: 'community-worker',
      fromStep: 0,
      toStep: 1,
      status: 'pending',
    },
  ],
  notes: [],
  clock: {
    stepDue: '2026-12-09',
    due: '2026-12-23',
    remaining: 14,
    overdue: false,
    soonDue: false,
    provisional: false,
  },
  next: t('街道正在审核，请耐心等待。', 'The street office is reviewing it.'),
  canResubmit: false,
  canWithdraw: true,
};

/** A signed-in resident (a token valid for an hour). */
export const signIn = (slug = 'dongcheng-110101') =>
  setResidentSession({
    accessToken: 'resident-token',
    idToken: 'id',
    refreshToken: 'refresh',
    expiresAt: Date.now() + 3_600_000,
    pool: { endpoint: '/cognito/', clientId: 'res-client' },
    slug,
  });
