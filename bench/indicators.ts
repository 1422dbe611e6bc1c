/**
 * Ministry indicators at scale: 300 districts × 365 daily snapshots (each with the aggregates of
 * the 17 default indicators) in the control table on DynamoDB Local, then the three console reads
 * through the real control app (token, middleware, response-schema check included):
 *
 * - the districts table (every district on the latest day, composite score and rank),
 * - side-by-side of 6 districts (with the cohort median over all 300),
 * - one district's one-year trend of every indicator.
 *
 * The table and the side-by-side read the day's stored figures (`INDVIEW#<day>`, computed once after
 * the snapshots change); the first read after the load computes them. Response sizes are given as
 * sent by the app and as the gateway would send them (brotli, quality 5, as for dynamic answers).
 *
 * `npx tsx bench/indicators.ts [districts=300] [days=365] [rounds=50]`; results in docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { newId } from '@linli/core';
import { addDays, chinaDay, IndicatorStore, type Snapshot, syntheticHistory } from '@linli/indicators';
import { bootstrap, createLocalApps, Outbox, startEngines } from '@linli/local';
import { TenantRegistry } from '@linli/tenancy';
import { docOf, makeStaff } from '../tests/support/fixtures.ts';

const DISTRICTS = Number(process.argv[2] ?? 300);
const DAYS = Number(process.argv[3] ?? 365);
const ROUNDS = Number(process.argv[4] ?? 50);
const TIERS = ['basic', 'standard', 'demonstration'] as const;
const AREAS = ['urban-core', 'suburban', 'county-rural'] as const;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-indicators-'));
const engines = await startEngines({ dataDir, inMemory: true });
try {
  const env = await bootstrap(engines, { stage: `bench${Date.now().toString(36)}`, dataDir });
  const apps = createLocalApps(env, { throttle: false, outbox: new Outbox(dataDir) });
  const doc = docOf(env);
  const registry = new TenantRegistry(doc, env.tables.control);
  const store = new IndicatorStore(doc, env.tables.control);
  const today = chinaDay(Date.now());
  const ids: string[] = [];
  let t0 = Date.now();
  for (let i = 0; i < DISTRICTS; i++) {
    const id = newId();
    const code = `9${String(10000 + i).padStart(5, '0')}`;
    const tier = TIERS[i % 3]!;
    const areaType = AREAS[Math.floor(i / 3) % 3]!;
    await registry.create({
      id,
      divisionCode: code,
      slug: `bench-${code}`,
      name: `基准区${code}`,
      province: `省${i % 31}`,
      city: `市${i % 97}`,
      tier,
      category: {
        areaType,
        development: 'developing',
        migrantShare: i % 2 ? 'high' : 'normal',
        infrastructure: i % 4 ? 'strong' : 'weak',
        hardship: i % 5 ? 'normal' : 'high',
      },
      placement: 'pooled',
      wave: `wave-${(i % 3) + 1}`,
      status: 'active',
      dataTable: env.tables.pooledTenant,
    });
    ids.push(id);
    // DAYS − 1 days of history plus today, shaped like the demo's (the same aggregates).
    const history: Snapshot[] = syntheticHistory({
      tenantId: id,
      today: addDays(today, 1),
      profile: { tier, areaType },
      residents: 20000 + i * 37,
      modulesEnabled: ['population-family-planning', 'civil-affairs', 'channel-portal', 'analytics'],
      days: DAYS,
    });
    await store.putSnapshots(history);
  }
  const loadSeconds = (Date.now() - t0) / 1000;
  // A stored view is trusted 2 s after the last snapshot write (DynamoDB's day index may lag).
  await new Promise((r) => setTimeout(r, 2_500));
  const ministry = await makeStaff(env, { kind: 'ministry', roles: ['ministry-analyst'], scope: {} });
  const get = async (path: string) => {
    const started = performance.now();
    const res = await apps.control.request(path, {
      headers: { authorization: `Bearer ${ministry.accessToken}` },
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
    return { ms: performance.now() - started, bytes: Buffer.byteLength(body), body };
  };
  const runs = {
    table: '/api/ministry/indicators/table',
    'side-by-side (6)': `/api/ministry/indicators/compare?ids=${ids.slice(0, 6).join(',')}`,
    'one-year trend (1 district, 17 indicators)': `/api/ministry/indicators/trend?ids=${ids[7]}`,
  };
  // A trend is kept per process once read; this one reads another district each time (never kept).
  const cold = (i: number) => `/api/ministry/indicators/trend?ids=${ids[(20 + i) % ids.length]}`;
  const first = JSON.parse((await get(runs.table)).body) as { districts: unknown[]; day: string };
  if (first.districts.length !== DISTRICTS) throw new Error(`table has ${first.districts.length} districts`);
  const trend = JSON.parse((await get(runs['one-year trend (1 district, 17 indicators)'])).body) as {
    series: { points: unknown[] }[];
  };
  if (trend.series[0]!.points.length !== DAYS)
    throw new Error(`trend has ${trend.series[0]!.points.length} days`);
  console.log(
    `loaded ${DISTRICTS} districts × ${DAYS} days = ${DISTRICTS * DAYS} snapshots in ${loadSeconds.toFixed(0)} s; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log('| read | p50 ms | p95 ms | p99 ms | max ms | response | brotli |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const reads: [string, (i: number) => string][] = [
    ...Object.entries(runs).map(([name, path]): [string, (i: number) => string] => [name, () => path]),
    ['one-year trend, another district each read', cold],
  ];
  for (const [name, path] of reads) {
    for (let i = 0; i < 3; i++) await get(path(ROUNDS + i)); // warm-up
    const ms: number[] = [];
    let bytes = 0;
    let body = '';
    t0 = Date.now();
    for (let i = 0; i < ROUNDS; i++) {
      const r = await get(path(i));
      ms.push(r.ms);
      bytes = r.bytes;
      body = r.body;
    }
    const br = brotliCompressSync(Buffer.from(body), {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5 },
    }).length;
    console.log(
      `| ${name} | ${pct(ms, 50).toFixed(0)} | ${pct(ms, 95).toFixed(0)} | ${pct(ms, 99).toFixed(0)} | ${Math.max(...ms).toFixed(0)} | ${(bytes / 1024).toFixed(0)} KB | ${(br / 1024).toFixed(0)} KB |`,
    );
  }
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await engines.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
