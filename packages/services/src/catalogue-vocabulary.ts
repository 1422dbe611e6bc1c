/**
 * The catalogue's words: channels, scope levels and their roles, staff actions, departments, the
 * prefillable fields and field types. Apart from the schemas (`catalogue.ts`) so the case workflow,
 * the 督办 sweep and the ratings use them without building the catalogue's schemas at cold start.
 */
import type { ServiceDefinition, WorkflowStep } from './catalogue.ts';

/** Channels a service is offered through (a worker at the desk files through `counter`). */
export const CHANNELS = ['portal', 'call-centre', 'kiosk', 'sms', 'open311', 'counter'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The organisational level that acts at a workflow step. */
export const SCOPE_LEVELS = ['community', 'street', 'department', 'district'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** The staff role that acts at each scope level. */
export const ROLE_OF_LEVEL = {
  community: 'community-worker',
  street: 'street-staff',
  department: 'department-staff',
  district: 'district-admin',
} as const satisfies Record<ScopeLevel, string>;

/**
 * Staff actions on a case: `accept` (受理 / pass to the next step), `return` (退回补正, the
 * applicant adds materials), `approve` (办结, granted), `reject` (不予办理, with a reason),
 * `transfer` (转办 to another department at the same step).
 */
export const STAFF_ACTIONS = ['accept', 'return', 'approve', 'reject', 'transfer'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** Departments that own services (keys; labels live with the tenant's configuration). */
export const DEPARTMENTS = {
  community: { zh: '社区居委会', en: 'Community committee' },
  'civil-affairs': { zh: '民政局', en: 'Civil affairs bureau' },
  labour: { zh: '人力资源和社会保障局', en: 'Human resources and social security bureau' },
  health: { zh: '卫生健康局', en: 'Health commission' },
  'public-security': { zh: '公安分局', en: 'Public security bureau' },
  'disabled-persons-federation': { zh: '残疾人联合会', en: 'Disabled Persons’ Federation' },
  'housing-management': { zh: '住房和城乡建设局', en: 'Housing and urban–rural development bureau' },
  'judicial-affairs': { zh: '司法局', en: 'Justice bureau' },
} as const;
export type Department = keyof typeof DEPARTMENTS;
/** Fields of the resident record a form field may be prefilled from. */
export const PREFILL_FIELDS = [
  'name',
  'idNumber',
  'sex',
  'birthDate',
  'mobile',
  'registration',
  'communityCode',
  'address',
] as const;
export type PrefillField = (typeof PREFILL_FIELDS)[number];

export const FIELD_TYPES = [
  'text',
  'number',
  'date',
  'choice',
  'idNumber',
  'mobile',
  'address',
  'file',
] as const;

/** The department that acts at a step (a department step without one: the owning department). */
export const stepDepartment = (def: ServiceDefinition, step: WorkflowStep): Department | undefined =>
  step.level === 'department' ? (step.department ?? def.department) : undefined;
