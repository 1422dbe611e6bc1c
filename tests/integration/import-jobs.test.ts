/**
 * Background imports of large files through the tenant API on DynamoDB Local + cognito-local: the
 * job, the signed upload form (the local stand-in for S3's presigned POST, streamed to disk), the
 * start, the worker's progress, the summary and report, and the file's deletion; every refusal of
 * the upload endpoint; a job that cannot run; a job whose worker died.
 */

import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type InProcessImportRunner, runQueuedImport } from '@linli/adapters';
import { createLocalApps, LocalImportFiles, localKeys, uploadsFor } from '@linli/local';
import {
  claimImportJob,
  generateResidents,
  getImportJob,
  IMPORT_COLUMNS,
  PopulationStore,
  queueImportJob,
  type Resident,
  readStats,
  runImportJob,
  TenantCipher,
} from '@linli/population';
import { TenantRegistry, TenantStores } from '@linli/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const { deps } = apps;
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));
const doc = docOf(env);
const files = uploadsFor(env);
const runner = deps.importRunner as InProcessImportRunner;

/** POST the upload form the way a browser does: the fields first, then the file. */
const upload = async (
  target: { url: string; fields: Record<string, string> },
  content: string | Uint8Array,
) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(target.fields)) form.append(k, v);
  form.append('file', new Blob([content]), 'residents.csv');
  const res = await files.receive(
    new Request(`http://localhost${target.url}`, { method: 'POST', body: form }),
  );
  return { status: res.status, text: await res.text() };
};

const csvOf = (rows: readonly Resident[]) => {
  const cell = (v: unknown) => (v === undefined ? '' : Array.isArray(v) ? v.join('、') : String(v));
  return `\uFEFF${IMPORT_COLUMNS.map((c) => c.zh).join(',')}\n${rows
    .map((r) => IMPORT_COLUMNS.map((c) => cell(r[c.field as keyof Resident])).join(','))
    .join('\n')}\n`;
};

let district: Awaited<ReturnType<typeof makeDistrict>>;
let residents: Resident[];
let admin: string;
let worker: string;

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  residents = generateResidents({
    // Fixture districts have unreal codes; local residents' ID numbers need a real one.
    districtCode: '110105',
    communities: district.communities.map((code) => ({ code, name: code, streetCode: code.slice(0, 9) })),
    count: 1200,
    seed: 21,
  }).residents;
  const t = district.tenant.id;
  const C1 = district.communities[0]!;
  [admin, worker] = await Promise.all([
    makeStaff(env, { kind: 'staff', tenantId: t, roles: ['district-admin'], scope: {} }).then(
      (u) => u.accessToken,
    ),
    makeStaff(env, {
      kind: 'staff',
      tenantId: t,
      roles: ['community-worker'],
      scope: { communityCode: C1, streetCode: C1.slice(0, 9) },
    }).then((u) => u.accessToken),
  ]);
});

const popOf = async (now?: () => Date) =>
  new PopulationStore(
    new TenantStores(() => doc).for(district.tenant),
    await TenantCipher.forTenant(localKeys(env), district.tenant.id),
    { districtCode: district.tenant.divisionCode, ...(now ? { now } : {}) },
  );

describe('background imports', () => {
  it('uploads, starts, runs in the background, reports, and deletes the file', async () => {
    const body = csvOf(residents.slice(0, 400));
    const created = await call(app, 'POST', '/api/t/imports', admin, {
      filename: '居民.csv',
      size: Buffer.byteLength(body),
      contentType: 'application/vnd.ms-excel', // what Chrome says of a .csv where Excel is installed
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'awaiting-upload', filename: '居民.csv' });
    const id = created.body.id as string;
    expect(created.body.upload.fields.key).toBe(`t/${district.tenant.id}/imports/${id}`);
    expect(created.body.upload.fields['Content-Type']).toBe('text/csv');
    // Until its file comes, the job expires with the table's TTL; once queued it stays.
    const pop = await popOf();
    const meta = async () => (await pop.store.get<Json>(pop.keys.importJob(id), 'META', true))!;
    expect((await meta()).expiresAt).toBeGreaterThan(Date.now() / 1000 + 86_400);
    // The job item holds no upload secret and no file content.
    expect(JSON.stringify((await call(app, 'GET', `/api/t/imports/${id}`, admin)).body)).not.toContain(
      'signature',
    );

    expect((await upload(created.body.upload, body)).status).toBe(204);
    expect(await files.exists(district.tenant.id, id)).toBe(true);
    const started = await call(app, 'POST', `/api/t/imports/${id}/start`, admin);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    expect((await meta()).expiresAt).toBeUndefined();
    expect((await call(app, 'POST', `/api/t/imports/${id}/start`, admin)).body.code).toBe(
      'IMPORT_ALREADY_STARTED',
    );

    await runner.idle();
    const done = await call(app, 'GET', `/api/t/imports/${id}`, admin);
    expect(done.body.byCode).toEqual({});
    expect(done.body).toMatchObject({ status: 'done', imported: 400, existing: 0, failed: 0, rows: 400 });
    expect(await files.exists(district.tenant.id, id)).toBe(false);
    const report = await call(app, 'GET', `/api/t/imports/${id}/report`, admin);
    expect(report.status).toBe(200);
    expect(report.text).toContain('row,field,code');
    // The residents are there: found by ID number through the API.
    const found = await call(app, 'GET', `/api/t/residents?idNumber=${residents[7]!.idNumber}`, admin);
    expect(found.body.items).toHaveLength(1);
  }, 120_000);

  it('refuses forged, foreign, expired, oversized and empty uploads, and starting before the upload', async () => {
    const body = csvOf(residents.slice(400, 420));
    const size = Buffer.byteLength(body);
    const a = (await call(app, 'POST', '/api/t/imports', admin, { filename: 'a.csv', size })).body;
    const b = (await call(app, 'POST', '/api/t/imports', admin, { filename: 'b.csv', size })).body;

    const missing = await call(app, 'POST', `/api/t/imports/${a.id}/start`, admin);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('IMPORT_FILE_MISSING');

    const forged = {
      ...a.upload,
      fields: { ...a.upload.fields, signature: `${a.upload.fields.signature.slice(0, -2)}AA` },
    };
    expect((await upload(forged, body)).status).toBe(403);
    // A's signed policy cannot carry the file to B's key.
    const swapped = { ...a.upload, fields: { ...a.upload.fields, key: b.upload.fields.key } };
    expect((await upload(swapped, body)).status).toBe(403);
    const otherType = { ...a.upload, fields: { ...a.upload.fields, 'Content-Type': 'text/html' } };
    expect((await upload(otherType, body)).status).toBe(403);
    const later = new LocalImportFiles(join(env.dataDir, 'uploads'), () => Date.now() + 16 * 60_000);
    const form = new FormData();
    for (const [k, v] of Object.entries(a.upload.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([body]), 'a.csv');
    const expired = await later.receive(
      new Request('http://localhost/local-uploads', { method: 'POST', body: form }),
    );
    expect(expired.status).toBe(403);
    const tooBig = await upload(a.upload, `${body}${'x'.repeat(100)}`);
    expect(tooBig.status).toBe(400);
    expect(tooBig.text).toContain('EntityTooLarge');
    expect((await upload(a.upload, '')).status).toBe(400);
    expect(await files.exists(district.tenant.id, a.id)).toBe(false);

    // The declared file itself is checked before any upload form is issued.
    const big = await call(app, 'POST', '/api/t/imports', admin, {
      filename: 'x.csv',
      size: 500 * 1024 * 1024,
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('IMPORT_FILE_TOO_LARGE');
    const exe = await call(app, 'POST', '/api/t/imports', admin, { filename: 'x.exe', size: 10 });
    expect(exe.status).toBe(415);
    expect((await call(app, 'POST', '/api/t/imports', admin, { filename: 'x.csv', size: 0 })).status).toBe(
      400,
    );
    // A default community must be one of the district's.
    const foreign = await call(app, 'POST', '/api/t/imports', admin, {
      filename: 'x.csv',
      size: 10,
      community: '110101001001',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('COMMUNITY_UNKNOWN');
    // The template's example row names one of the district's communities, not another district's.
    const tpl = await app.request('/api/t/imports/template?format=csv', {
      headers: { authorization: `Bearer ${admin}` },
    });
    const example = (await tpl.text()).split('\n')[1]!;
    expect(district.communities.some((c) => example.includes(c))).toBe(true);
  });

  it('a community worker imports into their own community only and sees only their own jobs', async () => {
    const [C1, C2] = district.communities as [string, string];
    const rows = residents.slice(420, 520);
    const inOwn = rows.filter((r) => r.communityCode === C1).length;
    const body = csvOf(rows);
    const job = await call(app, 'POST', '/api/t/imports', worker, {
      filename: 'w.csv',
      size: Buffer.byteLength(body),
    });
    expect(job.status).toBe(201);
    expect(
      (await call(app, 'POST', '/api/t/imports', worker, { filename: 'w.csv', size: 10, community: C2 }))
        .status,
    ).toBe(403);
    expect((await upload(job.body.upload, body)).status).toBe(204);
    expect((await call(app, 'POST', `/api/t/imports/${job.body.id}/start`, worker)).status).toBe(202);
    await runner.idle();
    const done = (await call(app, 'GET', `/api/t/imports/${job.body.id}`, worker)).body;
    expect(done).toMatchObject({ status: 'done', imported: inOwn, failed: rows.length - inOwn });
    expect(done.byCode.IMPORT_COMMUNITY_OUT_OF_SCOPE).toBe(rows.length - inOwn);
    // The admin may look at every job of the district; the worker not at the admin's.
    expect((await call(app, 'GET', `/api/t/imports/${job.body.id}`, admin)).status).toBe(200);
    const adminJob = await call(app, 'POST', '/api/t/imports', admin, { filename: 'z.csv', size: 10 });
    expect((await call(app, 'GET', `/api/t/imports/${adminJob.body.id}`, worker)).status).toBe(404);
    expect((await call(app, 'POST', `/api/t/imports/${adminJob.body.id}/start`, worker)).status).toBe(404);
  }, 120_000);

  it('a job stopped by its time limit says how far it got; uploading the file again continues', async () => {
    const d = await makeDistrict(env, { tier: 'standard' });
    const rows = generateResidents({
      districtCode: '110105',
      communities: d.communities.map((code) => ({ code, name: code, streetCode: code.slice(0, 9) })),
      count: 300,
      seed: 31,
    }).residents;
    const pop = new PopulationStore(
      new TenantStores(() => doc).for(d.tenant),
      await TenantCipher.forTenant(localKeys(env), d.tenant.id),
      { districtCode: d.tenant.divisionCode },
    );
    const opts = {
      actor: { id: 'importer', role: 'district-admin', channel: 'import' as const },
      communities: new Set(d.communities),
    };
    // Stops before data row 121 (the header is row 1): rows 2–120 are read, and written.
    const stopped = runImportJob(pop, Readable.from([csvOf(rows)]), {
      ...opts,
      shouldStop: (row) => row > 120,
    });
    await expect(stopped).rejects.toMatchObject({ code: 'IMPORT_TIME_LIMIT' });
    await stopped.catch((e: { zh: string }) => expect(e.zh).toContain('已导入 119 行'));
    expect((await readStats(pop.store, {})).residents).toBe(119);
    const again = await runImportJob(pop, Readable.from([csvOf(rows)]), opts);
    expect(again).toMatchObject({ status: 'done', imported: 181, existing: 119, failed: 0 });
    expect((await readStats(pop.store, {})).residents).toBe(300);

    // Through the worker: a deadline already passed fails the job with that message.
    const body = csvOf(residents.slice(0, 5));
    const job = (
      await call(app, 'POST', '/api/t/imports', admin, { filename: 't.csv', size: Buffer.byteLength(body) })
    ).body;
    expect((await upload(job.upload, body)).status).toBe(204);
    const mine = await popOf();
    expect(await queueImportJob(mine, job.id)).toBe(true);
    const workerDeps = {
      registry: new TenantRegistry(doc, env.tables.control),
      stores: new TenantStores(() => doc),
      keys: localKeys(env),
      files,
    };
    expect(
      await runQueuedImport(
        workerDeps,
        { tenantId: district.tenant.id, importId: job.id },
        { deadline: Date.now() - 1 },
      ),
    ).toEqual({ status: 'failed' });
    expect((await call(app, 'GET', `/api/t/imports/${job.id}`, admin)).body).toMatchObject({
      status: 'failed',
      error: { code: 'IMPORT_TIME_LIMIT' },
    });
  }, 120_000);

  it('reports progress while running; a file that vanished fails the job; a dead worker shows as interrupted', async () => {
    const pop = await popOf();
    const workerDeps = {
      registry: new TenantRegistry(doc, env.tables.control),
      stores: new TenantStores(() => doc),
      keys: localKeys(env),
      files,
      progressEveryMs: 1,
    };
    const body = csvOf(residents.slice(520, 1200));
    const job = (
      await call(app, 'POST', '/api/t/imports', admin, { filename: 'p.csv', size: Buffer.byteLength(body) })
    ).body;
    expect((await upload(job.upload, body)).status).toBe(204);
    expect(await queueImportJob(pop, job.id)).toBe(true);
    const run = runQueuedImport(workerDeps, { tenantId: district.tenant.id, importId: job.id });
    const seen: Json[] = [];
    for (let s: Json = {}; s.status !== 'done'; await new Promise((r) => setTimeout(r, 20))) {
      s = (await call(app, 'GET', `/api/t/imports/${job.id}`, admin)).body;
      seen.push(s);
    }
    expect(await run).toEqual({ status: 'done' });
    const progress = seen.filter((s) => s.status === 'running' && s.progress?.rows > 0);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.progress.rows).toBeLessThanOrEqual(680);
    // A second delivery of the same event does nothing.
    expect(await runQueuedImport(workerDeps, { tenantId: district.tenant.id, importId: job.id })).toEqual({
      status: 'skipped',
    });

    const gone = (await call(app, 'POST', '/api/t/imports', admin, { filename: 'g.csv', size: 10 })).body;
    await upload(gone.upload, 'abcdefghij');
    expect(await queueImportJob(pop, gone.id)).toBe(true);
    await files.remove(district.tenant.id, gone.id);
    expect(await runQueuedImport(workerDeps, { tenantId: district.tenant.id, importId: gone.id })).toEqual({
      status: 'failed',
    });
    const failed = (await call(app, 'GET', `/api/t/imports/${gone.id}`, admin)).body;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'IMPORT_FILE_MISSING' } });
    expect(failed.error.message.zh).toBeTruthy();

    // Claimed but never finished (the function timed out): after 20 minutes it reads as failed.
    const dead = (await call(app, 'POST', '/api/t/imports', admin, { filename: 'd.csv', size: 10 })).body;
    // Still awaiting its upload: nothing to claim.
    expect(await claimImportJob(pop, dead.id)).toBeUndefined();
    expect(await queueImportJob(pop, dead.id)).toBe(true);
    expect(await claimImportJob(pop, dead.id)).toMatchObject({
      filename: 'd.csv',
      actor: { channel: 'import' },
    });
    expect((await getImportJob(pop, dead.id))?.status).toBe('running');
    const later = await popOf(() => new Date(Date.now() + 21 * 60_000));
    expect(await getImportJob(later, dead.id)).toMatchObject({
      status: 'failed',
      error: { code: 'IMPORT_INTERRUPTED' },
    });
  }, 120_000);
});
