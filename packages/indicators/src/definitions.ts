/**
 * The evaluation indicator system (评价指标体系): versioned definitions — code, labels, formula over
 * the aggregates, unit, better-when, weight and group — and the default set the platform starts
 * with. A set is saved whole as a new version; earlier versions stay as they were.
 */
import { type Bilingual, Errors, parseOrThrow, trimmedText } from '@linli/core';
import * as z from 'zod/mini';
import { AGGREGATE_NAMES } from './aggregates.ts';
import { checkFormula, type Expr, MAX_FORMULA } from './expr.ts';

export const INDICATOR_GROUPS = [
  'coverage',
  'service',
  'efficiency',
  'satisfaction',
  'adoption',
  'equity',
  'data-quality',
] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

export const GROUP_LABELS: Record<IndicatorGroup, Bilingual> = {
  coverage: { zh: '覆盖', en: 'Coverage' },
  service: { zh: '服务', en: 'Service' },
  efficiency: { zh: '效率', en: 'Efficiency' },
  satisfaction: { zh: '满意度', en: 'Satisfaction' },
  adoption: { zh: '应用', en: 'Adoption' },
  equity: { zh: '均衡与数字鸿沟', en: 'Equity / digital divide' },
  'data-quality': { zh: '数据质量', en: 'Data quality' },
};

export const UNITS = ['percent', 'days', 'count', 'per1000', 'per10k'] as const;
export type Unit = (typeof UNITS)[number];
export const UNIT_LABELS: Record<Unit, Bilingual> = {
  percent: { zh: '%', en: '%' },
  days: { zh: '工作日', en: 'working days' },
  count: { zh: '个', en: '' },
  per1000: { zh: '件/千人', en: 'per 1,000' },
  per10k: { zh: '人/万人', en: 'per 10,000' },
};

const label = z.object({ zh: trimmedText(60), en: trimmedText(120) });

export const indicatorSchema = z.strictObject({
  /** Stable code, e.g. `on_time_rate`; history and thresholds refer to it. */
  code: z.string().check(z.regex(/^[a-z][a-z0-9_]{1,39}$/)),
  labels: label,
  formula: trimmedText(MAX_FORMULA),
  unit: z.enum(UNITS),
  betterWhen: z.enum(['higher', 'lower']),
  /** Weight in the composite score (0 keeps it out of the score but shown). */
  weight: z.number().check(z.gte(0), z.lte(100)),
  group: z.enum(INDICATOR_GROUPS),
});
export type Indicator = z.output<typeof indicatorSchema>;

export const indicatorSetSchema = z
  .strictObject({ indicators: z.array(indicatorSchema).check(z.minLength(1), z.maxLength(60)) })
  .check(
    z.superRefine((s, ctx) => {
      const seen = new Set<string>();
      s.indicators.forEach((i, n) => {
        if (seen.has(i.code))
          ctx.addIssue({
            code: 'custom',
            path: ['indicators', n, 'code'],
            message: `duplicate code ${i.code}`,
          });
        seen.add(i.code);
      });
    }),
  );
export type IndicatorSetInput = z.input<typeof indicatorSetSchema>;

/** A saved version of the set. */
export interface IndicatorSet {
  readonly version: number;
  readonly indicators: readonly Indicator[];
  readonly savedBy: string;
  readonly savedAt: string;
  readonly why: string;
}

/** A set with its formulas parsed, ready to evaluate. */
export interface CompiledSet {
  readonly version: number;
  readonly indicators: readonly (Indicator & { readonly expr: Expr })[];
}

/**
 * Validate a set before it is saved: schema, unique codes, and every formula parsed and checked
 * against the aggregate catalogue (`INDICATOR_FORMULA_INVALID` names the indicator).
 */
export const validateSet = (input: IndicatorSetInput): Indicator[] => {
  const set = parseOrThrow(indicatorSetSchema, input);
  for (const [n, i] of set.indicators.entries()) {
    try {
      checkFormula(i.formula, AGGREGATE_NAMES);
    } catch (err) {
      const e = err as { zh: string; en: string };
      throw Errors.validation(
        { zh: `${i.labels.zh}（${i.code}）：${e.zh}`, en: `${i.labels.en} (${i.code}): ${e.en}` },
        {
          cause: err,
          issues: [
            {
              field: `indicators.${n}.formula`,
              code: 'INDICATOR_FORMULA_INVALID',
              message: { zh: e.zh, en: e.en },
            },
          ],
        },
      );
    }
  }
  if (!set.indicators.some((i) => i.weight > 0))
    throw Errors.validation({ zh: '至少一个指标的权重须大于 0', en: 'at least one weight must be above 0' });
  return set.indicators;
};

export const compileSet = (set: Pick<IndicatorSet, 'version' | 'indicators'>): CompiledSet => ({
  version: set.version,
  indicators: set.indicators.map((i) => ({ ...i, expr: checkFormula(i.formula, AGGREGATE_NAMES) })),
});

const ind = (
  code: string,
  zh: string,
  en: string,
  formula: string,
  unit: Unit,
  betterWhen: 'higher' | 'lower',
  weight: number,
  group: IndicatorGroup,
): Indicator => ({ code, labels: { zh, en }, formula, unit, betterWhen, weight, group });

/** The default indicator system (version 1). */
export const DEFAULT_INDICATORS: readonly Indicator[] = [
  ind(
    'registration_coverage',
    '居民登记覆盖率',
    'Residents registered vs declared population',
    'residents / declaredPopulation * 100',
    'percent',
    'higher',
    6,
    'coverage',
  ),
  ind(
    'household_completeness',
    '家庭成员信息完整率',
    'Households with complete membership',
    'householdsComplete / households * 100',
    'percent',
    'higher',
    4,
    'coverage',
  ),
  ind(
    'records_verified',
    '近12个月核实率',
    'Records verified in the last 12 months',
    'verified12m / residents * 100',
    'percent',
    'higher',
    8,
    'data-quality',
  ),
  ind(
    'report_prefill',
    '报表自动填报率',
    'Report fields filled from the database',
    'reportFieldsPrefilled / reportFieldsTotal * 100',
    'percent',
    'higher',
    4,
    'data-quality',
  ),
  ind(
    'online_share',
    '网上办件占比',
    'Share of requests filed online',
    'casesOnline / casesFiled * 100',
    'percent',
    'higher',
    6,
    'service',
  ),
  ind(
    'cases_per_1000',
    '每千人办件量',
    'Requests per 1,000 residents',
    'casesFiled / residents * 1000',
    'per1000',
    'higher',
    6,
    'service',
  ),
  ind(
    'assisted_share',
    '代办渠道占比（热线、自助机、短信）',
    'Share through assisted channels (hotline, kiosk, SMS)',
    'casesAssisted / casesFiled * 100',
    'percent',
    'higher',
    6,
    'equity',
  ),
  ind(
    'equity_ratio',
    '社区服务均衡度',
    'Least- vs best-served communities (requests per 1,000)',
    'casesPer1000Least / casesPer1000Best * 100',
    'percent',
    'higher',
    8,
    'equity',
  ),
  ind(
    'on_time_rate',
    '按时办结率',
    'On-time completion rate',
    'casesClosedOnTime / casesClosed * 100',
    'percent',
    'higher',
    10,
    'efficiency',
  ),
  ind(
    'handling_days',
    '办理用时中位数',
    'Median handling time',
    'handlingDaysMedian',
    'days',
    'lower',
    8,
    'efficiency',
  ),
  ind(
    'satisfaction',
    '好差评满意率',
    'Satisfaction (好差评)',
    'ratedSatisfied / rated * 100',
    'percent',
    'higher',
    10,
    'satisfaction',
  ),
  ind(
    'callback_rate',
    '差评回访完成率',
    'Call-backs completed after poor ratings',
    'callbacksDone / callbacksDue * 100',
    'percent',
    'higher',
    6,
    'satisfaction',
  ),
  ind(
    'rating_coverage',
    '办结评价率',
    'Closed requests rated',
    'rated / casesClosed * 100',
    'percent',
    'higher',
    4,
    'satisfaction',
  ),
  ind(
    'modules_adopted',
    '已使用模块数',
    'Modules adopted',
    'modulesAdopted',
    'count',
    'higher',
    4,
    'adoption',
  ),
  ind(
    'module_adoption_rate',
    '模块使用率',
    'Enabled modules in use',
    'modulesAdopted / modulesEnabled * 100',
    'percent',
    'higher',
    4,
    'adoption',
  ),
  ind(
    'active_staff',
    '每万人活跃工作人员',
    'Staff active in the last 30 days per 10,000 residents',
    'staffActive30d / residents * 10000',
    'per10k',
    'higher',
    4,
    'adoption',
  ),
  ind(
    'hotline_reach',
    '每千人热线与短信量',
    'Hotline calls and texts per 1,000 residents',
    'hotlineContacts / residents * 1000',
    'per1000',
    'higher',
    2,
    'equity',
  ),
];

export const defaultSet = (now: string): IndicatorSet => ({
  version: 1,
  indicators: DEFAULT_INDICATORS,
  savedBy: 'system',
  savedAt: now,
  why: '默认指标体系 / default indicator system',
});
