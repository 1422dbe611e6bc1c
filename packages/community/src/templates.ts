/**
 * Report templates (报表): fields bound to what the comprehensive database knows, typed in only
 * where it does not (一次采集，多方共享). A binding names a figure the prefill computes; resident
 * figures are taken as of the cycle's cut-off date, record counts (households, buildings, housing,
 * organizations) as the district's counters stand when the report is prefilled.
 */
import { z } from 'zod';
import { plainTextOf } from './text.ts';

export const BINDINGS = {
  residents: { zh: '常住人口（人）', en: 'Residents', basis: 'cutoff' },
  male: { zh: '男性（人）', en: 'Male', basis: 'cutoff' },
  female: { zh: '女性（人）', en: 'Female', basis: 'cutoff' },
  age0to17: { zh: '0–17 岁（人）', en: 'Aged 0–17', basis: 'cutoff' },
  age18to59: { zh: '18–59 岁（人）', en: 'Aged 18–59', basis: 'cutoff' },
  age60plus: { zh: '60 岁及以上（人）', en: 'Aged 60+', basis: 'cutoff' },
  age80plus: { zh: '80 岁及以上（人）', en: 'Aged 80+', basis: 'cutoff' },
  local: { zh: '户籍人口（人）', en: 'Registered locally', basis: 'cutoff' },
  migrant: { zh: '流动人口（人）', en: 'Migrants', basis: 'cutoff' },
  elderlyAlone: { zh: '独居老人（人）', en: 'Elderly living alone', basis: 'cutoff' },
  lowIncome: { zh: '低保对象（人）', en: 'Low-income (dibao)', basis: 'cutoff' },
  disabled: { zh: '残疾人（人）', en: 'Disabled', basis: 'cutoff' },
  unemployed: { zh: '失业人员（人）', en: 'Unemployed', basis: 'cutoff' },
  veteran: { zh: '退役军人（人）', en: 'Veterans', basis: 'cutoff' },
  partyMember: { zh: '党员（人）', en: 'Party members', basis: 'cutoff' },
  movedOutInPeriod: { zh: '本期迁出（人）', en: 'Moved out in the period', basis: 'cutoff' },
  diedInPeriod: { zh: '本期死亡（人）', en: 'Died in the period', basis: 'cutoff' },
  households: { zh: '户数（户）', en: 'Households', basis: 'current' },
  buildings: { zh: '楼栋（栋）', en: 'Buildings', basis: 'current' },
  units: { zh: '房屋（套）', en: 'Housing units', basis: 'current' },
  unitsOccupied: { zh: '自住/出租在住（套）', en: 'Occupied units', basis: 'current' },
  unitsVacant: { zh: '空置房屋（套）', en: 'Vacant units', basis: 'current' },
  organizations: { zh: '社会组织（个）', en: 'Organizations', basis: 'current' },
  grids: { zh: '网格（个）', en: 'Grids', basis: 'current' },
} as const satisfies Record<string, { zh: string; en: string; basis: 'cutoff' | 'current' }>;
export type Binding = keyof typeof BINDINGS;
export const BINDING_KEYS = Object.keys(BINDINGS) as Binding[];

const label = z.object({ zh: plainTextOf(60), en: plainTextOf(80) }).strict();

export const templateFieldSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'a key of letters and digits'),
    label,
    /** Where the value comes from: a database binding, or typed in by the community. */
    bind: z.enum(BINDING_KEYS as [Binding, ...Binding[]]).optional(),
    kind: z.enum(['number', 'text']).default('number'),
    /** A section heading the export and the form group fields under. */
    section: plainTextOf(30).optional(),
  })
  .strict();
export type TemplateField = z.infer<typeof templateFieldSchema>;

export const templateInputSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9-]{2,39}$/, 'lower-case letters, digits and dashes'),
    name: label,
    period: z.enum(['monthly', 'quarterly']),
    fields: z.array(templateFieldSchema).min(1).max(80),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.fields.forEach((f, i) => {
      if (seen.has(f.key))
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: 'duplicate field key' });
      seen.add(f.key);
      if (f.bind && f.kind !== 'number')
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'kind'], message: 'a bound field is a number' });
    });
  });
export type TemplateInput = z.infer<typeof templateInputSchema>;

export interface Template extends TemplateInput {
  readonly version: number;
  readonly builtIn: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

const db = (bind: Binding, section: string): TemplateField => ({
  key: bind,
  label: { zh: BINDINGS[bind].zh, en: BINDINGS[bind].en },
  bind,
  kind: 'number',
  section,
});
const typed = (key: string, zh: string, en: string, section: string, kind: 'number' | 'text' = 'number') => ({
  key,
  label: { zh, en },
  kind,
  section,
});

/**
 * The district's default templates: more than half of each one's fields are bound to the database
 * (a test holds them to it), so the community types only what the database cannot know.
 */
export const DEFAULT_TEMPLATES: readonly TemplateInput[] = [
  {
    code: 'community-monthly',
    name: { zh: '社区基本情况月报', en: 'Community monthly report' },
    period: 'monthly',
    fields: [
      ...(['residents', 'male', 'female', 'age0to17', 'age18to59', 'age60plus', 'age80plus'] as const).map(
        (b) => db(b, '人口'),
      ),
      ...(['local', 'migrant', 'movedOutInPeriod', 'diedInPeriod'] as const).map((b) => db(b, '人口变动')),
      ...(['elderlyAlone', 'lowIncome', 'disabled'] as const).map((b) => db(b, '重点人群')),
      ...(['households', 'buildings', 'units', 'unitsOccupied', 'organizations'] as const).map((b) =>
        db(b, '房屋与组织'),
      ),
      typed('visits', '入户走访（次）', 'Home visits', '工作情况'),
      typed('disputes', '调解矛盾纠纷（件）', 'Disputes mediated', '工作情况'),
      typed('activities', '开展活动（场）', 'Activities held', '工作情况'),
      typed('notes', '情况说明', 'Notes', '工作情况', 'text'),
    ],
  },
  {
    code: 'elderly-assistance',
    name: { zh: '老龄与社会救助月报', en: 'Elderly and assistance monthly report' },
    period: 'monthly',
    fields: [
      ...(['age60plus', 'age80plus', 'elderlyAlone', 'lowIncome', 'disabled'] as const).map((b) =>
        db(b, '对象'),
      ),
      typed('careVisits', '上门探访（次）', 'Care visits', '服务'),
      typed('assistanceYuan', '临时救助金额（元）', 'Emergency assistance (CNY)', '服务'),
    ],
  },
  {
    code: 'migrants-housing',
    name: { zh: '流动人口与出租房屋季报', en: 'Migrants and rented housing quarterly report' },
    period: 'quarterly',
    fields: [
      ...(
        ['residents', 'migrant', 'households', 'buildings', 'units', 'unitsOccupied', 'unitsVacant'] as const
      ).map((b) => db(b, '基础')),
      typed('rentalChecks', '出租房屋检查（次）', 'Rented housing checks', '工作'),
      typed('newMigrants', '新登记流动人口（人）', 'Migrants newly registered', '工作'),
    ],
  },
];

/** How many of a template's fields come from the database. */
export const boundShare = (t: Pick<TemplateInput, 'fields'>) => {
  const bound = t.fields.filter((f) => f.bind).length;
  return { bound, typed: t.fields.length - bound, total: t.fields.length };
};
