/**
 * Feature-flag benchmark: our engine vs unleash-client's `isEnabled` on the same rule shape
 * (two constraints + gradual rollout by tenant), in the same process; then every module of one
 * district at once. Run: `npx tsx bench/flags.ts`. Writes `## Feature flags` in docs/benchmarks.md.
 */
import {
  applyPlan,
  compileFlags,
  defaultModuleFlags,
  evaluate,
  evaluateAll,
  flagDefinitionSchema,
  promoteWave,
  type RolloutPlanInput,
  type TenantContext,
} from '@linli/flags';
import { InMemStorageProvider, Unleash } from 'unleash-client';
import { writeBenchSection } from './doc-section.ts';

const FLAG = 'migrant-population';
const PCT = 30;
const N_TENANTS = 4096;

// ---- the same population for both engines -----------------------------------------------------
const tiers = ['basic', 'standard', 'demonstration'] as const;
const tenants: TenantContext[] = Array.from({ length: N_TENANTS }, (_, i) => ({
  tenantId: `01JBENCH${i.toString(36).toUpperCase().padStart(18, '0')}`,
  divisionCode: `${11 + (i % 30)}${String(1 + (i % 17)).padStart(2, '0')}${String(1 + (i % 9)).padStart(2, '0')}`,
  tier: tiers[i % 3] as TenantContext['tier'],
  wave: `wave-${1 + (i % 3)}`,
  category: {
    areaType:
      (['urban-core', 'suburban', 'county-rural'] as const)[i % 3 === 0 ? 0 : (i >> 2) % 3] ?? 'urban-core',
    development: 'developing',
    migrantShare: i % 2 === 0 ? 'high' : 'normal',
    infrastructure: 'strong',
    hardship: 'normal',
  },
}));
const unleashContexts = tenants.map((t) => ({
  userId: t.tenantId,
  properties: { tier: t.tier, migrantShare: t.category.migrantShare },
}));

// ---- ours: tier in [standard] AND migrantShare in [high], 30 % of that cohort ---------------------
const ours = compileFlags([
  {
    key: FLAG,
    labels: { zh: '流动人口服务', en: 'Migrant population services' },
    kind: 'module',
    rules: [
      {
        id: 'std-high',
        conditions: [
          { attribute: 'tier', values: ['standard'] },
          { attribute: 'migrantShare', values: ['high'] },
        ],
        percentage: PCT,
      },
    ],
  },
]);

// ---- Unleash: the same toggle, offline (bootstrap, no refresh, no metrics, unreachable url) ------
const unleash = new Unleash({
  appName: 'linli-bench',
  url: 'http://127.0.0.1:9/api/', // discard port: never contacted (refreshInterval 0, metrics off)
  refreshInterval: 0,
  disableMetrics: true,
  storageProvider: new InMemStorageProvider(),
  bootstrap: {
    data: [
      {
        name: FLAG,
        enabled: true,
        strategies: [
          {
            name: 'flexibleRollout',
            parameters: { rollout: String(PCT), stickiness: 'userId', groupId: FLAG },
            constraints: [
              { contextName: 'tier', operator: 'IN', values: ['standard'] },
              { contextName: 'migrantShare', operator: 'IN', values: ['high'] },
            ],
          },
        ],
      },
    ],
  } as never,
});
let networkErrors = 0;
unleash.on('error', () => networkErrors++);
unleash.on('warn', () => {});
await new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('unleash bootstrap not ready')), 5000);
  unleash.once('ready', () => {
    clearTimeout(timer);
    resolve();
  });
});

// ---- sanity: both engines implement the rule (same cohort, ≈30 % of it) --------------------------
const NOW = Date.parse('2027-03-01T00:00:00+08:00');
let oursOn = 0;
let theirsOn = 0;
let cohortMismatch = 0;
for (let i = 0; i < N_TENANTS; i++) {
  const t = tenants[i] as TenantContext;
  const a = evaluate(ours, FLAG, t, NOW).value;
  const b = unleash.isEnabled(FLAG, unleashContexts[i]);
  oursOn += a ? 1 : 0;
  theirsOn += b ? 1 : 0;
  const inCohort = t.tier === 'standard' && t.category.migrantShare === 'high';
  if ((a || b) && !inCohort) cohortMismatch++;
}
if (cohortMismatch > 0) throw new Error(`engines disagree on the cohort (${cohortMismatch})`);

// ---- timing ---------------------------------------------------------------------------------------
let sink = 0;
/** Ops/s of `fn(i)` over rounds of `ms`; best of `rounds` after a warm-up. */
const opsPerSec = (fn: (i: number) => boolean, ms = 600, rounds = 5): number => {
  const mask = N_TENANTS - 1;
  const run = (budget: number) => {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < budget) {
      for (let k = 0; k < 1024; k++, n++) if (fn(n & mask)) sink++;
      elapsed = performance.now() - start;
    }
    return (n / elapsed) * 1000;
  };
  run(ms);
  const results = Array.from({ length: rounds }, () => run(ms)).sort((a, b) => a - b);
  return results[Math.floor(rounds / 2)] as number; // median
};

const oursOps = opsPerSec((i) => evaluate(ours, FLAG, tenants[i] as TenantContext, NOW).value);
const unleashOps = opsPerSec((i) => unleash.isEnabled(FLAG, unleashContexts[i]));

// All modules of one district: the 20 module flags with tier defaults, the migrant-population
// three-wave plan, a prerequisite and a flag-level rollout.
const why = 'benchmark: representative promoted plan with three waves';
let plan: RolloutPlanInput = {
  flagKey: FLAG,
  waves: [
    {
      id: 'wave-1',
      cohort: [{ attribute: 'wave', values: ['wave-1'] }],
      startsAt: '2027-01-01T00:00:00+08:00',
    },
    {
      id: 'wave-2',
      cohort: [
        { attribute: 'tier', values: ['standard'] },
        { attribute: 'migrantShare', values: ['high'] },
      ],
      startsAt: '2027-03-01T00:00:00+08:00',
    },
    {
      id: 'wave-3',
      cohort: [{ attribute: 'tier', values: ['standard'] }],
      startsAt: '2027-06-01T00:00:00+08:00',
      percentage: 50,
    },
  ],
};
for (let w = 0; w < 3; w++) plan = promoteWave(plan, w, { confirmedBy: 'bench', justification: why, now: 0 });
const modules = defaultModuleFlags().map((f) => {
  const def = flagDefinitionSchema.parse(f);
  if (def.key === FLAG) return applyPlan(def, plan);
  if (def.key === 'analytics')
    return { ...def, prerequisites: ['data-exchange'], rollout: { percentage: 25, serve: 'on' as const } };
  return def;
});
const all = compileFlags({ version: 1, flags: modules });
const MODULE_COUNT = all.keys.length;
const allOps = opsPerSec((i) => evaluateAll(all, tenants[i] as TenantContext, NOW).version === 1);
const allMeanUs = 1e6 / allOps;

unleash.destroy();

// ---- report ---------------------------------------------------------------------------------------
const ratio = oursOps / unleashOps;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rows = [
  ['single flag, ours (`evaluate`)', `${fmt(oursOps)} evals/s`, '—', ''],
  ['single flag, unleash-client 6 (`isEnabled`)', `${fmt(unleashOps)} evals/s`, '—', ''],
  ['ours ÷ Unleash', `${ratio.toFixed(1)} ×`, '≥ 5 ×', ratio >= 5 ? 'PASS' : 'FAIL'],
  [
    `all ${MODULE_COUNT} modules of one district (\`evaluateAll\`)`,
    `${allMeanUs.toFixed(2)} µs mean`,
    '≤ 5 µs',
    allMeanUs <= 5 ? 'PASS' : 'FAIL',
  ],
];
const table = [
  '| measure | result | target | verdict |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const date = new Date().toISOString().slice(0, 10);
const section = `## Feature flags

Command: \`npx tsx bench/flags.ts\` — run ${date}, Node ${process.version}, ${process.platform}/${process.arch}.
Same process, same ${N_TENANTS} synthetic districts for both engines, round-robin; rule shape: \`tier in [standard]\`
AND \`migrantShare in [high]\`, gradual rollout ${PCT} % by tenant id (Unleash: \`flexibleRollout\`, stickiness
\`userId\`, two \`IN\` constraints, bootstrapped offline). Median of 5 rounds of 600 ms after a warm-up.
Sanity: both engines enable only the cohort (ours ${oursOn}, Unleash ${theirsOn} of ${N_TENANTS} on).

${table}
`;

console.log(section);
console.log(`(unleash network errors: ${networkErrors}; sink ${sink > 0 ? 'ok' : 'empty'})`);

writeBenchSection('Feature flags', section);
process.exit(ratio >= 5 && allMeanUs <= 5 ? 0 : 1);
