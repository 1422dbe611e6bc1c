/**
 * Staff inbox over 100,000 cases in one district (DynamoDB Local in memory): the inbox entries of
 * synthetic cases are loaded with the same key builder the store uses (`inboxItemsOf`), then the
 * first page (50) of every view the inbox offers is read through the tenant app (token checked,
 * scope resolved, signed cursor) — p50/p99 per view. Every view is a Query of one partition; no
 * Scan exists in the store. Run: `npx tsx bench/services-inbox.ts [N=100000] [ROUNDS=30]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@linli/core';
import { bootstrap, createLocalApps, Outbox, startEngines } from '@linli/local';
import {
  type CaseRecord,
  type CaseStatus,
  chinaDate,
  inboxItemsOf,
  startCase,
  WorkCalendar,
} from '@linli/services';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import type { Item } from '@linli/tenancy';
import { serviceDistrict } from '../tests/support/services.ts';

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 30);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const shift = (d: string, days: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
};

const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-inbox-'));
const engines = await startEngines({ dataDir, inMemory: true });
try {
  const env = await bootstrap(engines, { stage: `bench${Date.now().toString(36)}`, dataDir });
  const apps = createLocalApps(env, { throttle: false, outbox: new Outbox(dataDir) });
  const d = await serviceDistrict(env);
  const today = chinaDate(new Date());
  const cal = new WorkCalendar();
  const statuses: CaseStatus[] = [
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
    'approved',
    'approved',
    'approved',
    'returned',
    'rejected',
  ];

  console.log(`building ${N} cases…`);
  const items: Item[] = [];
  for (let i = 0; i < N; i++) {
    const def = pick(SERVICE_TEMPLATES);
    const community = pick(d.communities);
    const filedOn = shift(today, -Math.floor(rnd() * 40));
    const state = startCase(
      def,
      { communityCode: community, streetCode: community.slice(0, 9) },
      filedOn,
      cal,
    );
    const status = pick(statuses);
    const stepIndex = Math.floor(rnd() * def.workflow.length);
    const stepDue = shift(today, Math.floor(rnd() * 20) - 6);
    const record: CaseRecord = {
      ...state,
      status,
      stepIndex,
      stepDue,
      due: state.due,
      ...(status === 'approved' || status === 'rejected' ? { closedOn: shift(filedOn, 5) } : {}),
      id: newId(),
      number: `${d.tenant.divisionCode}-${filedOn.replaceAll('-', '')}-${String(i % 9999).padStart(4, '0')}`,
      serviceCode: def.code,
      serviceVersion: def.version,
      serviceName: def.name,
      channel: pick(def.channels),
      applicantRef: `R.bench${i % 5000}`,
      version: 1,
      createdAt: `${filedOn}T02:00:00.000Z`,
      updatedAt: `${filedOn}T02:00:00.000Z`,
    };
    items.push(...inboxItemsOf(d.store, def, record));
  }
  console.log(`loading ${items.length} inbox entries…`);
  const t0 = performance.now();
  const chunk = Math.ceil(items.length / 8);
  await Promise.all(
    Array.from({ length: 8 }, (_, w) => d.store.batchPut(items.slice(w * chunk, (w + 1) * chunk))),
  );
  console.log(`loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const views: [string, { accessToken: string }, string][] = [
    ['desk (community worker)', d.worker, 'scope=desk'],
    ['my community, pending', d.worker, 'scope=community'],
    ['my street, pending', d.street, 'scope=street'],
    ['my department, pending', d.civil, 'scope=department'],
    ['district, pending', d.admin, 'scope=district'],
    ['district, approved', d.admin, 'scope=district&status=approved'],
    ['district, one service', d.admin, 'scope=district&service=elderly-allowance'],
    ['district, channel counter', d.admin, 'scope=district&channel=counter'],
    ['district, overdue', d.admin, 'scope=district&due=overdue'],
    ['district, due soon', d.admin, 'scope=district&due=soon'],
    ['district, service + overdue', d.admin, 'scope=district&service=minimum-living-allowance&due=overdue'],
    ['desk, assigned to me (none: worst case)', d.worker, 'scope=desk&assignee=me'],
  ];
  const rows: string[] = [];
  for (const [name, user, q] of views) {
    const ms: number[] = [];
    let count = 0;
    for (let r = 0; r < ROUNDS + 3; r++) {
      const s = performance.now();
      const res = await apps.tenant.request(`/api/t/cases?${q}&limit=50`, {
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
      const body = (await res.json()) as { items?: unknown[] };
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
      if (r >= 3) ms.push(performance.now() - s); // the first three warm the caches
      count = body.items?.length ?? 0;
    }
    const line = `| ${name} | ${count} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 99).toFixed(1)} | ${pct(ms, 99) < 150 ? 'yes' : 'no'} |`;
    rows.push(line);
    console.log(line);
  }
  console.log(`\n| view | items | p50 ms | p99 ms | < 150 ms |\n|---|---|---|---|---|\n${rows.join('\n')}`);
} finally {
  await engines.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
