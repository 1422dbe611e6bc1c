/**
 * Indicators on the local platform: the demo districts' 12 months of synthetic history (generated
 * once, after their residents are seeded, from what their data shows today) and the daily timer
 * that stands in for the EventBridge schedule of the collector function.
 */
import type { ApiDeps } from '@linli/api';
import { addDays, chinaDay, IndicatorStore, syntheticHistory } from '@linli/indicators';
import { DEMO_DISTRICTS } from './seed.ts';

type Deps = Pick<ApiDeps, 'doc' | 'controlTable' | 'registry' | 'modulesFor' | 'indicatorCollector'>;

/**
 * For each demo district without history: today's real snapshot (computed inside its boundary),
 * then 364 synthetic days before it. Idempotent: a district with any earlier snapshot is left alone.
 */
export const seedIndicatorHistory = async (deps: Deps, log: (line: string) => void = () => {}) => {
  const store = new IndicatorStore(deps.doc, deps.controlTable);
  const today = chinaDay(Date.now());
  for (const d of DEMO_DISTRICTS) {
    const tenant = await deps.registry.getByDivision(d.code);
    if (!tenant) continue;
    if ((await store.trend(tenant.id, addDays(today, -400), addDays(today, -1))).length > 0) continue;
    await deps.indicatorCollector?.run({ tenantIds: [tenant.id] });
    const now = (await store.trend(tenant.id, today, today))[0];
    const residents = now?.aggregates.residents;
    const history = syntheticHistory({
      tenantId: tenant.id,
      today,
      profile: { tier: tenant.tier, areaType: tenant.category.areaType },
      residents: typeof residents === 'number' ? residents : 0,
      modulesEnabled: deps.modulesFor(tenant),
    });
    await store.putSnapshots(history);
    log(`indicators: ${tenant.name} 12 months of synthetic history`);
  }
};

/**
 * On a start with no snapshot yet (the first one), every district is computed at once from the
 * data seeded so far, so the ministry console has figures while the demo residents are still being
 * generated; `seedIndicatorHistory` computes the demo districts again once they are.
 */
export const computeFirstSnapshot = async (deps: Deps, log: (line: string) => void = () => {}) => {
  if (await new IndicatorStore(deps.doc, deps.controlTable).latestDay()) return;
  const r = await deps.indicatorCollector?.run({});
  if (r) log(`indicators: ${r.districts} districts computed for ${r.day}`);
};

/** Compute every district once a day (the local stand-in for the EventBridge schedule). */
export const startIndicatorTimer = (deps: Deps, log: (line: string) => void, everyMs = 24 * 3600_000) => {
  const timer = setInterval(() => {
    deps.indicatorCollector
      ?.run({})
      .then((r) => log(`indicators: ${r.districts} districts computed for ${r.day}`))
      .catch((e) => log(`indicators: computing failed: ${String(e)}`));
  }, everyMs);
  timer.unref();
  return timer;
};
