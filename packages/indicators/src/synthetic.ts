/**
 * Synthetic history for the demo districts: a plausible last 12 months of daily snapshots leading
 * up to what the district's seeded data shows today, shaped by its tier and category (a
 * demonstration-tier urban core files more online and closes faster than a basic-tier rural
 * county, which leans on assisted channels). Marked `synthetic: true`; never used outside the demo.
 */
import type { AggregateValue } from './expr.ts';
import { suppressCount } from './sdc.ts';
import { addDays, type Snapshot } from './store.ts';

export interface SyntheticProfile {
  readonly tier: 'basic' | 'standard' | 'demonstration';
  readonly areaType: 'urban-core' | 'suburban' | 'county-rural';
}

/** Deterministic noise per district and day (mulberry32 over a string hash). */
const rng = (seed: string) => {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const PROFILES = {
  demonstration: {
    perK: 70,
    online: 0.7,
    assisted: 0.1,
    onTime: [0.9, 0.96],
    days: [3.6, 2.6],
    sat: [0.94, 0.975],
    staff: 45,
    equity: [0.45, 0.62],
    adopt: 0.85,
  },
  standard: {
    perK: 50,
    online: 0.52,
    assisted: 0.2,
    onTime: [0.84, 0.92],
    days: [5.2, 4.1],
    sat: [0.91, 0.95],
    staff: 28,
    equity: [0.38, 0.5],
    adopt: 0.7,
  },
  basic: {
    perK: 28,
    online: 0.28,
    assisted: 0.46,
    onTime: [0.74, 0.86],
    days: [7.8, 6.2],
    sat: [0.87, 0.93],
    staff: 14,
    equity: [0.25, 0.4],
    adopt: 0.55,
  },
} as const;

const lerp = (r: readonly [number, number], t: number) => r[0] + (r[1] - r[0]) * t;

/**
 * 364 days of history before `today` (oldest first). `base` is what the district has today
 * (residents, modules enabled); the curves end close to the tier's mature values.
 */
export const syntheticHistory = (input: {
  readonly tenantId: string;
  readonly today: string;
  readonly profile: SyntheticProfile;
  readonly residents: number;
  readonly modulesEnabled: readonly string[];
  /** How many days before `today`. @default 364 */
  readonly days?: number;
}): Snapshot[] => {
  const p = PROFILES[input.profile.tier];
  const rural = input.profile.areaType === 'county-rural';
  const base = input.residents > 0 ? input.residents : 20000;
  const out: Snapshot[] = [];
  const span = input.days ?? 364;
  for (let back = span; back >= 1; back--) {
    const day = addDays(input.today, -back);
    const t = Math.max(0, (365 - back) / 365); // 0 a year ago → ~1 yesterday
    const r = rng(`${input.tenantId}:${day}`);
    const noise = (spread: number) => 1 + (r() - 0.5) * 2 * spread;
    const residents = Math.round(base * (0.55 + 0.45 * t) * noise(0.004));
    const households = Math.round(residents / (rural ? 3.2 : 2.7));
    const verified = Math.round(residents * (0.3 + 0.5 * t) * noise(0.01));
    // A rolling 12-month window that fills as the platform has been in use.
    const filed = Math.round((residents / 1000) * p.perK * (0.1 + 0.9 * t) * noise(0.03));
    const online = Math.round(filed * Math.min(0.95, (p.online + 0.06 * t) * noise(0.02)));
    const assisted = Math.round(filed * p.assisted * noise(0.04));
    const counter = Math.max(0, filed - online - assisted);
    const closed = Math.round(filed * 0.9);
    const onTime = Math.round(closed * Math.min(1, lerp(p.onTime, t) * noise(0.01)));
    const rated = Math.round(closed * (0.45 + 0.2 * t));
    const satisfied = Math.round(rated * Math.min(1, lerp(p.sat, t) * noise(0.005)));
    const due = rated - satisfied;
    const done = Math.round(due * (0.7 + 0.25 * t));
    const ratio = lerp(p.equity as unknown as [number, number], t) * noise(0.03);
    const best = p.perK * 1.6 * noise(0.02);
    const adopted = Math.round(input.modulesEnabled.length * p.adopt * (0.4 + 0.6 * t));
    const count = (n: number): AggregateValue => (suppressCount(n) === null ? 'suppressed' : n);
    out.push({
      tenantId: input.tenantId,
      day,
      synthetic: true,
      computedAt: `${day}T02:00:00.000Z`,
      aggregates: {
        residents: count(residents),
        households: count(households),
        verified12m: count(verified),
        casesFiled: count(filed),
        casesOnline: count(online),
        casesAssisted: count(assisted),
        casesCounter: count(counter),
        casesClosed: count(closed),
        casesClosedOnTime: count(onTime),
        handlingDaysMedian:
          Math.round(lerp(p.days as unknown as [number, number], t) * noise(0.03) * 10) / 10,
        rated: count(rated),
        ratedSatisfied: count(satisfied),
        callbacksDue: count(due),
        callbacksDone: count(done),
        casesPer1000Least: Math.round(best * ratio * 100) / 100,
        casesPer1000Best: Math.round(best * 100) / 100,
        modulesEnabled: input.modulesEnabled.length,
        modulesAdopted: adopted,
        staffActive30d: count(Math.round(p.staff * (0.3 + 0.7 * t) * noise(0.08))),
      },
      modules: {
        enabled: [...input.modulesEnabled],
        adopted: input.modulesEnabled.slice(0, adopted),
      },
    });
  }
  return out;
};
