import type { Bilingual } from '@linli/core';
import { SERVICE_TEMPLATES as NATIONAL_TEMPLATES } from '@linli/services/provisioning';

/**
 * Service catalogue templates every new district starts with (editable by the district): a view of
 * the national templates of `@linli/services`, the one catalogue source.
 */
export const SERVICE_TEMPLATES: readonly {
  key: string;
  name: Bilingual;
  department: string;
  module: string | null;
}[] = /* @__PURE__ */ NATIONAL_TEMPLATES.map((s) => ({
  key: s.code,
  name: s.name,
  department: s.department,
  module: s.module,
}));

/** Role labels stored in the tenant's configuration (the permissions matrix itself lives in code). */
export const ROLE_LABELS: Record<string, Bilingual> = {
  'district-admin': { zh: '区县管理员', en: 'District administrator' },
  'street-staff': { zh: '街道工作人员', en: 'Street office staff' },
  'community-worker': { zh: '社区工作者', en: 'Community worker' },
  'department-staff': { zh: '部门工作人员', en: 'Department staff' },
  'call-centre-operator': { zh: '呼叫中心话务员', en: 'Call-centre operator' },
};
