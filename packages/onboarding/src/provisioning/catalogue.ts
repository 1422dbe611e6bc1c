import type { Bilingual } from '@linli/core';

/** Role labels stored in the tenant's configuration (the permissions matrix itself lives in code). */
export const ROLE_LABELS: Record<string, Bilingual> = {
  'district-admin': { zh: '区县管理员', en: 'District administrator' },
  'street-staff': { zh: '街道工作人员', en: 'Street office staff' },
  'community-worker': { zh: '社区工作者', en: 'Community worker' },
  'department-staff': { zh: '部门工作人员', en: 'Department staff' },
  'call-centre-operator': { zh: '呼叫中心话务员', en: 'Call-centre operator' },
};
