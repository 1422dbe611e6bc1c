import type { Bilingual } from '@linli/core';

/** Service catalogue templates every new district starts with (editable by the district). */
export const SERVICE_TEMPLATES: readonly {
  key: string;
  name: Bilingual;
  department: string;
  module: string | null;
}[] = [
  {
    key: 'residence-certificate',
    name: { zh: '居住证明开具', en: 'Residence certificate' },
    department: 'community',
    module: null,
  },
  {
    key: 'minimum-living-allowance',
    name: { zh: '最低生活保障申请', en: 'Minimum living allowance (dibao)' },
    department: 'civil-affairs',
    module: 'civil-affairs',
  },
  {
    key: 'elderly-allowance',
    name: { zh: '高龄津贴申请', en: 'Old-age allowance' },
    department: 'civil-affairs',
    module: 'civil-affairs',
  },
  {
    key: 'disability-subsidy',
    name: { zh: '残疾人两项补贴', en: 'Disability subsidies' },
    department: 'civil-affairs',
    module: 'civil-affairs',
  },
  {
    key: 'employment-registration',
    name: { zh: '就业失业登记', en: 'Employment registration' },
    department: 'labour',
    module: 'employment',
  },
  {
    key: 'social-insurance-query',
    name: { zh: '社保参保查询', en: 'Social insurance enquiry' },
    department: 'labour',
    module: 'social-security',
  },
  {
    key: 'family-doctor',
    name: { zh: '家庭医生签约', en: 'Family doctor contract' },
    department: 'health',
    module: 'community-health',
  },
  {
    key: 'birth-registration',
    name: { zh: '生育登记', en: 'Birth registration' },
    department: 'health',
    module: 'population-family-planning',
  },
  {
    key: 'migrant-registration',
    name: { zh: '流动人口居住登记', en: 'Migrant residence registration' },
    department: 'public-security',
    module: 'migrant-population',
  },
  {
    key: 'neighbourhood-issue',
    name: { zh: '邻里问题反映', en: 'Report a neighbourhood issue' },
    department: 'community',
    module: null,
  },
];

/** Role labels stored in the tenant's configuration (the permissions matrix itself lives in code). */
export const ROLE_LABELS: Record<string, Bilingual> = {
  'district-admin': { zh: '区县管理员', en: 'District administrator' },
  'street-staff': { zh: '街道工作人员', en: 'Street office staff' },
  'community-worker': { zh: '社区工作者', en: 'Community worker' },
  'department-staff': { zh: '部门工作人员', en: 'Department staff' },
  'call-centre-operator': { zh: '呼叫中心话务员', en: 'Call-centre operator' },
};
