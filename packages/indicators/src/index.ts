/**
 * `@linli/indicators`: the evaluation indicator system (评价指标体系) of the ministry console —
 * the formula language, the aggregate catalogue, versioned definitions, disclosure control,
 * scores, snapshot storage in the control table and the promotion guard over indicators.
 * Reading a district's own data (`./collect`) is a separate entry: the control API never loads it.
 */
export {
  AGGREGATE_NAMES,
  AGGREGATE_SOURCES,
  AGGREGATES,
  type AggregateDef,
  aggregateDef,
} from './aggregates.ts';
export {
  type CompiledSet,
  compileSet,
  DEFAULT_INDICATORS,
  defaultSet,
  GROUP_LABELS,
  INDICATOR_GROUPS,
  type Indicator,
  type IndicatorGroup,
  type IndicatorSet,
  type IndicatorSetInput,
  indicatorSchema,
  UNIT_LABELS,
  UNITS,
  type Unit,
  validateSet,
} from './definitions.ts';
export {
  type Aggregates,
  type AggregateValue,
  checkFormula,
  type Evaluated,
  type Expr,
  evaluate,
  parseFormula,
  referencedNames,
  SUPPRESSED,
} from './expr.ts';
export { evidenceGuard, type WaveEvidence, waveEvidence } from './guard.ts';
export {
  cohortMedians,
  type DistrictValues,
  evaluateAll,
  median,
  round,
  type Scored,
  scaledValues,
  scoreDistricts,
} from './score.ts';
export { determinedEntries, isSmall, suppressCount, suppressTable, THRESHOLD, tableLines } from './sdc.ts';
export type { OverrideRequest } from './store.ts';
export {
  addDays,
  chinaDay,
  type IndicatorHeads,
  IndicatorStore,
  type PublishedTable,
  type Snapshot,
  type StoredDayView,
} from './store.ts';
export { type SyntheticProfile, syntheticHistory } from './synthetic.ts';
