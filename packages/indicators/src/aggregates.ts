/**
 * The aggregates a district's platform sends to the control plane: the only figures indicator
 * formulas may read. Each is a number about the whole district (never about a person), computed
 * inside the district's own data boundary by `@linli/indicators/collect`.
 *
 * `count` aggregates count people or their requests and go through statistical disclosure control
 * (under 5 → suppressed); `measure` aggregates (medians, ratios, module counts) do not.
 * `source` says where the figure comes from; an aggregate whose source is not collected yet is
 * defined so formulas over it can be written now, and reads "no data" until it lands. `reports`
 * counts the fields of submitted and accepted community reports (issue 15), not people.
 */
import type { Bilingual } from '@linli/core';

export const AGGREGATE_SOURCES = [
  'population',
  'services',
  'rollout',
  'audit',
  'channels',
  'reports',
] as const;
export type AggregateSource = (typeof AGGREGATE_SOURCES)[number];

export interface AggregateDef {
  readonly name: string;
  readonly labels: Bilingual;
  readonly kind: 'count' | 'measure';
  readonly source: AggregateSource;
  /** False while the source is not built: the collector never fills it. */
  readonly collected: boolean;
}

const a = (
  name: string,
  zh: string,
  en: string,
  kind: AggregateDef['kind'],
  source: AggregateSource,
  collected = true,
): AggregateDef => ({ name, labels: { zh, en }, kind, source, collected });

export const AGGREGATES: readonly AggregateDef[] = [
  a('residents', '在册常住居民数', 'active registered residents', 'count', 'population'),
  a('declaredPopulation', '申报常住人口数', 'declared resident population', 'measure', 'population', false),
  a('households', '户数', 'households', 'count', 'population'),
  a(
    'householdsComplete',
    '成员信息完整的户数',
    'households with complete membership',
    'count',
    'population',
    false,
  ),
  a(
    'verified12m',
    '近12个月核实过的居民数',
    'residents verified in the last 12 months',
    'count',
    'population',
  ),
  a('casesFiled', '近12个月受理办件数', 'requests filed in the last 12 months', 'count', 'services'),
  a('casesOnline', '网上办件数', 'requests filed online', 'count', 'services'),
  a('casesAssisted', '热线、自助机、短信办件数', 'requests through assisted channels', 'count', 'services'),
  a('casesCounter', '窗口代办件数', 'requests filed at the counter', 'count', 'services'),
  a('casesClosed', '近12个月办结数', 'requests closed in the last 12 months', 'count', 'services'),
  a('casesClosedOnTime', '按时办结数', 'requests closed on time', 'count', 'services'),
  a(
    'handlingDaysMedian',
    '办理用时中位数（工作日）',
    'median handling time (working days)',
    'measure',
    'services',
  ),
  a('rated', '近12个月评价数', 'ratings in the last 12 months', 'count', 'services'),
  a('ratedSatisfied', '满意评价数', 'satisfied ratings', 'count', 'services'),
  a('callbacksDue', '应回访数', 'call-backs due', 'count', 'services'),
  a('callbacksDone', '已回访数', 'call-backs done', 'count', 'services'),
  a(
    'casesPer1000Least',
    '服务最少社区每千人办件数',
    'requests per 1,000 residents, least-served communities',
    'measure',
    'services',
  ),
  a(
    'casesPer1000Best',
    '服务最多社区每千人办件数',
    'requests per 1,000 residents, best-served communities',
    'measure',
    'services',
  ),
  a('modulesEnabled', '已开通模块数', 'modules enabled', 'measure', 'rollout'),
  a('modulesAdopted', '已使用模块数', 'modules in use', 'measure', 'rollout'),
  a('staffActive30d', '近30天活跃工作人员数', 'staff active in the last 30 days', 'count', 'audit'),
  a('hotlineContacts', '热线与短信来电来信数', 'hotline calls and texts', 'count', 'channels'),
  a('reportFieldsTotal', '报表字段数', 'report fields', 'measure', 'reports'),
  a(
    'reportFieldsPrefilled',
    '由数据库自动填写的报表字段数',
    'report fields filled from the database',
    'measure',
    'reports',
  ),
];

export const AGGREGATE_NAMES: ReadonlySet<string> = new Set(AGGREGATES.map((x) => x.name));
export const aggregateDef = (name: string): AggregateDef | undefined =>
  AGGREGATES.find((x) => x.name === name);
