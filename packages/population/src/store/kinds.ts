/**
 * Thematic record kinds (专题数据) of the departments, defined by schema: one registry entry per
 * kind — key, owning department, module flag, labels, the fields' zod schema and which fields are
 * sensitive (sealed at rest, masked on display) — and one generic CRUD serves them all.
 */
import { type Bilingual, isStorableNumber } from '@linli/core';
import { z } from 'zod';

export interface ThematicKind {
  readonly key: string;
  /** Department code (`department-staff` scope) that owns, reads and writes the kind. */
  readonly department: string;
  /** Module flag that must be on for the tenant. */
  readonly module: string;
  readonly labels: Bilingual;
  /** What the record is about. */
  readonly subject: 'resident' | 'organization';
  readonly schema: z.ZodObject<z.ZodRawShape>;
  /** Health, financial and security fields: sealed at rest (PIPL art. 28), masked on display. */
  readonly sensitive: readonly string[];
  readonly fieldLabels: Readonly<Record<string, Bilingual>>;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** Amounts in yuan: 1e-300 is "≥ 0" but underflows DynamoDB's number range, hence the check. */
const money = z
  .number()
  .min(0)
  .max(1_000_000)
  .refine(isStorableNumber, { message: 'The number is outside the range that can be stored' });

const kind = (k: ThematicKind) => k;

export const THEMATIC_KINDS: readonly ThematicKind[] = [
  kind({
    key: 'minimum-allowance',
    department: 'civil-affairs',
    module: 'civil-affairs',
    labels: { zh: '最低生活保障（低保）', en: 'Minimum living allowance (dibao)' },
    subject: 'resident',
    schema: z.object({
      since: date,
      householdSize: z.number().int().min(1).max(20),
      monthlyAmount: money,
      reviewDue: date.optional(),
      status: z.enum(['active', 'suspended', 'ended']).default('active'),
    }),
    sensitive: ['monthlyAmount', 'householdSize'],
    fieldLabels: {
      since: { zh: '享受起始日期', en: 'Since' },
      householdSize: { zh: '保障人数', en: 'Persons covered' },
      monthlyAmount: { zh: '月保障金额（元）', en: 'Monthly amount (CNY)' },
      reviewDue: { zh: '复核日期', en: 'Review due' },
      status: { zh: '状态', en: 'Status' },
    },
  }),
  kind({
    key: 'elderly-care',
    department: 'civil-affairs',
    module: 'civil-affairs',
    labels: { zh: '老年人关爱', en: 'Elderly care' },
    subject: 'resident',
    schema: z.object({
      livingAlone: z.boolean(),
      careLevel: z.enum(['self-care', 'partial', 'full']),
      allowance: money.optional(),
      lastVisit: date.optional(),
    }),
    sensitive: ['careLevel', 'allowance'],
    fieldLabels: {
      livingAlone: { zh: '独居', en: 'Living alone' },
      careLevel: { zh: '自理能力', en: 'Care level' },
      allowance: { zh: '高龄津贴（元/月）', en: 'Old-age allowance (CNY/month)' },
      lastVisit: { zh: '最近走访', en: 'Last visit' },
    },
  }),
  kind({
    key: 'disability',
    department: 'civil-affairs',
    module: 'civil-affairs',
    labels: { zh: '残疾人信息', en: 'Disability' },
    subject: 'resident',
    schema: z.object({
      category: z.enum(['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple']),
      grade: z.number().int().min(1).max(4),
      certificateNo: z.string().max(30).optional(),
      subsidies: z
        .array(z.enum(['living', 'nursing']))
        .max(20)
        .default([]),
    }),
    sensitive: ['category', 'grade', 'certificateNo'],
    fieldLabels: {
      category: { zh: '残疾类别', en: 'Category' },
      grade: { zh: '残疾等级', en: 'Grade' },
      certificateNo: { zh: '残疾证号', en: 'Certificate number' },
      subsidies: { zh: '两项补贴', en: 'Subsidies' },
    },
  }),
  kind({
    key: 'employment-registration',
    department: 'labour',
    module: 'employment',
    labels: { zh: '就业登记', en: 'Employment registration' },
    subject: 'resident',
    schema: z.object({
      employer: z.string().max(100),
      since: date,
      form: z.enum(['employee', 'self-employed', 'flexible', 'public-welfare-post']),
    }),
    sensitive: [],
    fieldLabels: {
      employer: { zh: '就业单位', en: 'Employer' },
      since: { zh: '就业日期', en: 'Since' },
      form: { zh: '就业形式', en: 'Form' },
    },
  }),
  kind({
    key: 'unemployment-registration',
    department: 'labour',
    module: 'employment',
    labels: { zh: '失业登记', en: 'Unemployment registration' },
    subject: 'resident',
    schema: z.object({
      registeredAt: date,
      seekingWork: z.boolean().default(true),
      benefitMonthly: money.optional(),
      trainingWanted: z.string().max(100).optional(),
    }),
    sensitive: ['benefitMonthly'],
    fieldLabels: {
      registeredAt: { zh: '登记日期', en: 'Registered' },
      seekingWork: { zh: '求职中', en: 'Seeking work' },
      benefitMonthly: { zh: '失业保险金（元/月）', en: 'Benefit (CNY/month)' },
      trainingWanted: { zh: '培训意向', en: 'Training wanted' },
    },
  }),
  kind({
    key: 'health-record',
    department: 'health',
    module: 'community-health',
    labels: { zh: '居民健康档案', en: 'Health record' },
    subject: 'resident',
    schema: z.object({
      familyDoctor: z.string().max(50).optional(),
      chronicConditions: z
        .array(z.enum(['hypertension', 'diabetes', 'copd', 'heart', 'other']))
        .max(20)
        .default([]),
      lastCheckup: date.optional(),
    }),
    sensitive: ['chronicConditions'],
    fieldLabels: {
      familyDoctor: { zh: '签约家庭医生', en: 'Family doctor' },
      chronicConditions: { zh: '慢性病', en: 'Chronic conditions' },
      lastCheckup: { zh: '最近体检', en: 'Last check-up' },
    },
  }),
  kind({
    key: 'family-planning',
    department: 'family-planning',
    module: 'population-family-planning',
    labels: { zh: '人口和计划生育服务', en: 'Population and family planning' },
    subject: 'resident',
    schema: z.object({
      children: z.number().int().min(0).max(20),
      youngestBirth: date.optional(),
      servicesUsed: z
        .array(z.enum(['prenatal', 'childcare-subsidy', 'infant-care']))
        .max(20)
        .default([]),
    }),
    sensitive: ['children', 'youngestBirth'],
    fieldLabels: {
      children: { zh: '子女数', en: 'Children' },
      youngestBirth: { zh: '最小子女出生日期', en: 'Youngest child born' },
      servicesUsed: { zh: '已享受服务', en: 'Services used' },
    },
  }),
  kind({
    key: 'residence-registration',
    department: 'public-security',
    module: 'public-safety',
    labels: { zh: '流动人口居住登记', en: 'Residence registration (migrants)' },
    subject: 'resident',
    schema: z.object({
      registeredAt: date,
      permitNo: z.string().max(30).optional(),
      permitExpires: date.optional(),
      housing: z.enum(['rented', 'employer', 'relatives', 'other']),
    }),
    sensitive: ['permitNo'],
    fieldLabels: {
      registeredAt: { zh: '登记日期', en: 'Registered' },
      permitNo: { zh: '居住证号', en: 'Permit number' },
      permitExpires: { zh: '有效期至', en: 'Expires' },
      housing: { zh: '居住方式', en: 'Housing' },
    },
  }),
  kind({
    key: 'service-provider',
    department: 'commerce',
    module: 'commercial-services',
    labels: { zh: '社区商业服务网点', en: 'Community service provider' },
    subject: 'organization',
    schema: z.object({
      category: z.enum(['home-services', 'elderly-care', 'catering', 'retail', 'repair', 'other']),
      licensed: z.boolean(),
      hours: z.string().max(50).optional(),
      rating: z
        .number()
        .min(0)
        .max(5)
        .refine(isStorableNumber, { message: 'The number is outside the range that can be stored' })
        .optional(),
    }),
    sensitive: [],
    fieldLabels: {
      category: { zh: '服务类别', en: 'Category' },
      licensed: { zh: '证照齐全', en: 'Licensed' },
      hours: { zh: '营业时间', en: 'Hours' },
      rating: { zh: '居民评价', en: 'Rating' },
    },
  }),
];

export const thematicKind = (key: string): ThematicKind | undefined =>
  THEMATIC_KINDS.find((k) => k.key === key);

/** A JSON description of a kind for clients (the schema's fields, sensitive flags, labels). */
export const describeKind = (k: ThematicKind) => ({
  key: k.key,
  department: k.department,
  module: k.module,
  labels: k.labels,
  subject: k.subject,
  fields: Object.keys(k.schema.shape).map((f) => ({
    key: f,
    labels: k.fieldLabels[f] ?? { zh: f, en: f },
    sensitive: k.sensitive.includes(f),
    schema: z.toJSONSchema(k.schema.shape[f] as z.ZodType, { unrepresentable: 'any' }),
  })),
});
