/**
 * Idempotent submission under load: 200 residents' applications sent at once over loopback (the
 * tenant app on @hono/node-server, DynamoDB Local in memory, cognito-local), each retried once
 * with the same `Idempotency-Key` as soon as its first answer arrives. Afterwards the cases are
 * counted in storage: they must equal the accepted (201) answers, with no key giving two cases.
 * Run: `npx tsx bench/services-submit.ts [N=200]`. Prints the figures for docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { bootstrap, createLocalApps, Outbox, startEngines } from '@linli/local';
import { makeResident, serviceDistrict } from '../tests/support/services.ts';

const N = Number(process.argv[2] ?? 200);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-submit-'));
const engines = await startEngines({ dataDir, inMemory: true });
try {
  const env = await bootstrap(engines, { stage: `bench${Date.now().toString(36)}`, dataDir });
  const apps = createLocalApps(env, { throttle: false, outbox: new Outbox(dataDir) });
  const d = await serviceDistrict(env);
  const resident = await makeResident(env, apps.control, d.tenant.slug);
  const server = createAdaptorServer({ fetch: apps.tenant.fetch });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const send = async (i: number) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/t/resident/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${resident.token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-submit-${i.toString().padStart(6, '0')}`,
      },
      body: JSON.stringify({
        service: 'repair-report',
        communityCode: d.C1,
        form: { category: 'lighting', location: `${i}号楼门口`, description: '路灯不亮' },
      }),
    });
    const body = (await res.json()) as { id?: string };
    return { status: res.status, id: body.id, ms: performance.now() - t0 };
  };

  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const first = await send(i);
      const retry = await send(i);
      return { i, first, retry };
    }),
  );
  const wall = performance.now() - started;
  server.close();

  const latencies = results.flatMap((r) => [r.first.ms, r.retry.ms]);
  const accepted =
    results.filter((r) => r.first.status === 201).length +
    results.filter((r) => r.retry.status === 201).length;
  const replayed = results.filter((r) => r.retry.status === 200 && r.retry.id === r.first.id).length;
  const failed = results.flatMap((r) => [r.first, r.retry]).filter((x) => x.status >= 300);
  // Count what storage holds: the resident's cases, every page.
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await apps.tenant.request(
      `/api/t/resident/cases?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { headers: { authorization: `Bearer ${resident.token}` } },
    );
    const body = (await page.json()) as { items: { id: string }[]; cursor?: string };
    ids.push(...body.items.map((x) => x.id));
    cursor = body.cursor;
  } while (cursor);
  const duplicates = ids.length - new Set(ids).size;
  const perKey = new Set(results.map((r) => r.first.id)).size;
  console.log(
    JSON.stringify(
      {
        submissions: N,
        requests: 2 * N,
        accepted201: accepted,
        retriesAnsweredWithSameCase: replayed,
        errors: failed.length,
        casesStored: ids.length,
        distinctCases: new Set(ids).size,
        distinctIdsFromAnswers: perKey,
        duplicates,
        wallMs: Math.round(wall),
        requestsPerSecond: Math.round((2 * N) / (wall / 1000)),
        p50Ms: Math.round(pct(latencies, 50)),
        p99Ms: Math.round(pct(latencies, 99)),
        ok: ids.length === accepted && duplicates === 0 && failed.length === 0,
      },
      null,
      2,
    ),
  );
} finally {
  await engines.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
