/**
 * Waves promoted on evidence: the previous wave's districts, their latest indicator values, each
 * plan threshold met or not — the `PromotionGuard` of `@linli/flags` fed with measured figures
 * (computed on the server from the snapshots, never sent by the browser).
 */
import {
  type IndicatorCheck,
  type PlanThresholds,
  type PromotionGuard,
  type RolloutPlan,
  thresholdGuard,
} from '@linli/flags';
import type { CompiledSet } from './definitions.ts';
import { evaluateAll, median, round } from './score.ts';
import type { Snapshot } from './store.ts';

export interface WaveEvidence {
  readonly waveId: string;
  readonly previousWaveId: string | null;
  readonly day: string | null;
  readonly definitionVersion: number;
  /** The previous wave's districts (by their registry wave) with a snapshot that day. */
  readonly districts: readonly { readonly id: string; readonly name: string }[];
  /** indicator code → the wave's median over its districts (absent: no value). */
  readonly indicators: Readonly<Record<string, number>>;
  readonly checks: readonly IndicatorCheck[];
  readonly pass: boolean;
}

/** Evidence for promoting `waveId` of `plan`, from one day's snapshots. */
export const waveEvidence = (input: {
  readonly plan: RolloutPlan;
  readonly waveId: string;
  readonly set: CompiledSet;
  readonly day: string | null;
  readonly snapshots: readonly Snapshot[];
  readonly tenants: readonly { readonly id: string; readonly name: string; readonly wave: string | null }[];
}): WaveEvidence => {
  const i = input.plan.waves.findIndex((w) => w.id === input.waveId);
  const previous = i > 0 ? input.plan.waves[i - 1] : undefined;
  const members = previous ? input.tenants.filter((t) => t.wave === previous.id) : [];
  const byId = new Map(input.snapshots.map((s) => [s.tenantId, s]));
  const measured = members.filter((t) => byId.has(t.id));
  const values = measured.map((t) => evaluateAll(input.set, byId.get(t.id)!.aggregates));
  const indicators: Record<string, number> = {};
  for (const ind of input.set.indicators) {
    const vs = values.flatMap((v) => {
      const x = v[ind.code];
      return x?.status === 'ok' ? [x.value] : [];
    });
    const m = median(vs);
    if (m !== null) indicators[ind.code] = round(m, 2);
  }
  const thresholds: PlanThresholds = input.plan.thresholds ?? {};
  const verdict = thresholdGuard(thresholds).check({ plan: input.plan, waveIndex: i, indicators });
  return {
    waveId: input.waveId,
    previousWaveId: previous?.id ?? null,
    day: input.day,
    definitionVersion: input.set.version,
    districts: measured.map((t) => ({ id: t.id, name: t.name })),
    indicators,
    checks: verdict.checks,
    pass: !previous || verdict.pass,
  };
};

/** The guard a promotion runs with: the plan's thresholds over the evidence's figures. */
export const evidenceGuard = (plan: RolloutPlan): PromotionGuard => thresholdGuard(plan.thresholds ?? {});
