/**
 * Issue 16 on the real engines: a committee's roster (title and note rows above the header, the
 * community written as its name, the address in one cell, a legacy ID, Excel's damage) imported
 * through the HTTP routes and the background worker, as GBK CSV, UTF-8-BOM CSV and XLSX — the
 * same summary and the same stored records from each; the preview writes nothing; the legacy-ID
 * option; a mapping made by hand is remembered for the district.
 */
import type { InProcessImportRunner } from '@linli/adapters';
import { createLocalApps, localKeys, uploadsFor } from '@linli/local';
import { PopulationStore, type ResidentView, readStats, TenantCipher } from '@linli/population';
import { importOrg, TenantStores } from '@linli/tenancy';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HEADER_ROW,
  LEGACY_ID,
  LEGACY_UPGRADED,
  type RosterCommunities,
  rosterGbkCsv,
  rosterUtf8BomCsv,
  rosterXlsx,
  rowOf,
} from '../../packages/population/test/roster-fixture.ts';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));
const doc = docOf(env);
const files = uploadsFor(env);
const runner = apps.deps.importRunner as InProcessImportRunner;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A district whose communities carry real-looking names, two of them sharing one. */
const rosterDistrict = async () => {
  const d = await makeDistrict(env, { tier: 'standard' });
  const [s0, s1] = d.streets as [string, string];
  const communities = [
    { code: `${s0}001`, name: '光华里社区', streetCode: s0 },
    { code: `${s0}002`, name: '永安里社区', streetCode: s0 },
    { code: `${s1}001`, name: '呼家楼社区', streetCode: s1 },
    { code: `${s0}003`, name: '建设里社区', streetCode: s0 },
    { code: `${s1}002`, name: '建设里社区居委会', streetCode: s1 },
  ];
  await importOrg(
    new TenantStores(() => doc).for(d.tenant),
    [
      { code: s0, name: '建外街道' },
      { code: s1, name: '呼家楼街道' },
    ],
    communities.map((c) => ({ ...c, kind: 'residents' as const })),
  );
  const admin = (
    await makeStaff(env, { kind: 'staff', tenantId: d.tenant.id, roles: ['district-admin'], scope: {} })
  ).accessToken;
  const roster: RosterCommunities = {
    named: communities[0]!,
    byCode: communities[1]!,
    fullWidth: communities[2]!,
    ambiguousName: '建设里',
  };
  const pop = new PopulationStore(
    new TenantStores(() => doc).for(d.tenant),
    await TenantCipher.forTenant(localKeys(env), d.tenant.id),
    { districtCode: d.tenant.divisionCode },
  );
  return { ...d, codes: communities.map((c) => c.code), admin, roster, pop };
};
type District = Awaited<ReturnType<typeof rosterDistrict>>;

const send = async (path: string, token: string, body: Uint8Array, type: string) => {
  const res = await app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  return { status: res.status, body: (await res.json()) as Json };
};

/** Every stored resident of the district, without ids and dates: what the import wrote. */
const stored = async (d: District) => {
  const out: Record<string, unknown>[] = [];
  for (const code of d.codes) {
    const page = await d.pop.listCommunity(code, { limit: 100 });
    for (const it of page.items) {
      const v: Partial<ResidentView> = it;
      const { id: _i, createdAt: _c, updatedAt: _u, lastVerifiedAt: _l, ...rest } = v;
      out.push(rest);
    }
  }
  return out.sort((a, b) => String(a.idNumber).localeCompare(String(b.idNumber)));
};

/** The parts of a summary that do not depend on the run (id, times, format, file name). */
const comparable = (s: Json) => {
  const { id: _i, startedAt: _s, finishedAt: _f, ms: _m, by: _b, filename: _n, file, ...rest } = s;
  const { format: _fo, encoding: _e, sheets: _sh, communityRows, ...f } = file;
  // Each run is in a fresh district: the same communities by name, under other codes.
  return { ...rest, file: { ...f, communityRows: communityRows.map(({ code: _c, ...r }: Json) => r) } };
};

describe('a roster as committees keep it', () => {
  const runs: { summary: Json; records: Record<string, unknown>[] }[] = [];
  let gbkDistrict: District;

  it('GBK CSV, imported in the request: header under the title, communities by name, addresses read', async () => {
    const d = await rosterDistrict();
    gbkDistrict = d;
    const res = await send(
      `/api/t/imports/residents?community=${d.codes[1]}&filename=${encodeURIComponent('花名册.csv')}`,
      d.admin,
      rosterGbkCsv(d.roster),
      'text/csv',
    );
    expect(res.status).toBe(201);
    const s = res.body;
    expect(s).toMatchObject({ rows: 12, imported: 7, failed: 5, existing: 0 });
    expect(s.byCode).toEqual({
      IMPORT_COMMUNITY_UNKNOWN: 1,
      IMPORT_COMMUNITY_AMBIGUOUS: 1,
      RESIDENT_ID_LEGACY_15: 1,
      RESIDENT_ID_SCIENTIFIC: 2,
    });
    expect(s.file).toMatchObject({
      encoding: 'gb18030',
      headerRow: HEADER_ROW,
      rowsAboveHeader: 2,
      communities: { byName: 4, byCode: 2, byDefault: 1, bySheet: 0 },
      addresses: { parsed: 5, text: 1 },
    });
    expect(s.file.communityRows).toEqual([
      { code: d.codes[0], name: '光华里社区', rows: 4 },
      { code: d.codes[1], name: '永安里社区', rows: 2 },
      { code: d.codes[2], name: '呼家楼社区', rows: 1 },
    ]);
    // Every refused row is explained in the report, with the closest community suggested.
    const report = await app.request(`/api/t/imports/${s.id}/report`, {
      headers: { authorization: `Bearer ${d.admin}` },
    });
    const text = await report.text();
    expect(text).toContain(
      `${rowOf(7)},communityCode,IMPORT_COMMUNITY_UNKNOWN,找不到该社区，是否是：光华里社区`,
    );
    expect(text).toContain(`${rowOf(8)},communityCode,IMPORT_COMMUNITY_AMBIGUOUS`);
    expect(text).toContain(`${rowOf(9)},idNumber,RESIDENT_ID_LEGACY_15`);
    // Each resident in their own community, the address kept and read.
    const records = await stored(d);
    expect(records).toHaveLength(7);
    const first = records.find((r) => r.name === '王小明');
    expect(first).toMatchObject({
      communityCode: d.codes[0],
      building: '3',
      unit: '2',
      room: '501',
      address: '光华里小区3号楼2单元501室',
    });
    expect((await readStats(d.pop.store, {})).residents).toBe(7);
    // The API shows the address masked like any address.
    const found = await call(app, 'GET', `/api/t/residents?community=${d.codes[0]}&limit=50`, d.admin);
    const shown = found.body.items.find((r: Json) => r.address?.startsWith('光华里小区'));
    expect(shown.address).not.toBe('光华里小区3号楼2单元501室');
    runs.push({ summary: s, records });
  }, 120_000);

  it('UTF-8-BOM CSV gives the same summary and the same records', async () => {
    const d = await rosterDistrict();
    const res = await send(
      `/api/t/imports/residents?community=${d.codes[1]}`,
      d.admin,
      rosterUtf8BomCsv(d.roster),
      'text/csv',
    );
    expect(res.status).toBe(201);
    runs.push({ summary: res.body, records: await stored(d) });
  }, 120_000);

  it('XLSX (merged title and note, an ID stored as a number) previewed, then imported by the worker: the same again', async () => {
    const d = await rosterDistrict();
    const bytes = await rosterXlsx(d.roster);
    // The preview reads the whole file and writes nothing.
    const preview = await send(
      `/api/t/imports/residents/preview?community=${d.codes[1]}`,
      d.admin,
      bytes,
      XLSX,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ rows: 12, imported: 7, failed: 5, file: { headerRow: HEADER_ROW } });
    expect(preview.body.sample[0]).toMatchObject({ row: rowOf(1), values: { name: '王**' } });
    expect(preview.body.errors.map((e: Json) => [e.row, e.code])).toContainEqual([
      rowOf(8),
      'IMPORT_COMMUNITY_AMBIGUOUS',
    ]);
    expect((await readStats(d.pop.store, {})).residents).toBe(0);

    const job = await call(app, 'POST', '/api/t/imports', d.admin, {
      filename: '花名册.xlsx',
      size: bytes.length,
      community: d.codes[1],
    });
    expect(job.status).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries(job.body.upload.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([bytes]), '花名册.xlsx');
    const up = await files.receive(
      new Request(`http://localhost${job.body.upload.url}`, { method: 'POST', body: form }),
    );
    expect(up.status).toBe(204);
    // The same preview on the uploaded file, before the job starts.
    const jobPreview = await call(app, 'GET', `/api/t/imports/${job.body.id}/preview`, d.admin);
    expect(jobPreview.status).toBe(200);
    expect(jobPreview.body.byCode).toEqual(preview.body.byCode);
    expect((await call(app, 'POST', `/api/t/imports/${job.body.id}/start`, d.admin)).status).toBe(202);
    await runner.idle();
    const done = await call(app, 'GET', `/api/t/imports/${job.body.id}`, d.admin);
    expect(done.body.status).toBe('done');
    expect(done.body.file.sheets).toEqual([{ name: '花名册', headerRow: HEADER_ROW, rows: 7 }]);
    runs.push({ summary: done.body, records: await stored(d) });

    expect(runs).toHaveLength(3);
    const [gbk, bom, xlsx] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    expect(comparable(bom.summary)).toEqual(comparable(gbk.summary));
    expect(comparable(xlsx.summary)).toEqual(comparable(gbk.summary));
    // Community codes differ between districts (each is a fresh one): the rest is the same.
    expect(xlsx.records.map((r) => r.name)).toEqual(gbk.records.map((r) => r.name));
    expect(xlsx.records.map((r) => [r.building, r.unit, r.room, r.address, r.idNumber, r.birthDate])).toEqual(
      gbk.records.map((r) => [r.building, r.unit, r.room, r.address, r.idNumber, r.birthDate]),
    );
    expect(bom.records.map((r) => [r.name, r.building, r.unit, r.room, r.address, r.idNumber])).toEqual(
      gbk.records.map((r) => [r.name, r.building, r.unit, r.room, r.address, r.idNumber]),
    );
  }, 180_000);

  it('upgrades the legacy ID number when asked: recorded, marked for verification', async () => {
    const d = gbkDistrict;
    const res = await send(
      `/api/t/imports/residents?community=${d.codes[1]}&upgradeLegacyIds=true`,
      d.admin,
      rosterGbkCsv(d.roster),
      'text/csv',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 1, existing: 7, file: { legacyIdsUpgraded: 1 } });
    const r = await d.pop.findByIdNumber(LEGACY_UPGRADED);
    expect(r).toMatchObject({ legacyIdNumber: LEGACY_ID, verify: ['legacy-id'], communityCode: d.codes[0] });
    const shown = await call(app, 'GET', `/api/t/residents/${r!.id}`, d.admin);
    expect(shown.body.verify).toEqual(['legacy-id']);
    expect(shown.body.legacyIdNumber).not.toBe(LEGACY_ID);
  }, 120_000);

  it('a header mapped by hand is remembered for the district', async () => {
    const d = await rosterDistrict();
    // Not the template example's ID number (11010519491231002X): a row carrying it is skipped as the example.
    const csv = (name: string) =>
      new TextEncoder().encode(
        `住户,身份证号,户籍类型,所属社区\r\n${name},110105195001010012,户籍,光华里\r\n`,
      );
    const refused = await send('/api/t/imports/residents/preview', d.admin, csv('张三'), 'text/csv');
    expect(refused.body.fileError.code).toBe('IMPORT_MISSING_COLUMNS');
    // The refused header is described, so its unknown column can be mapped by hand.
    expect(refused.body.file).toMatchObject({ headerRow: 1 });
    expect(refused.body.file.mapping[0]).toEqual({ index: 0, header: '住户' });
    const mapping = encodeURIComponent(JSON.stringify({ 住户: 'name' }));
    const bad = await send('/api/t/imports/residents?mapping=%7Bx', d.admin, csv('张三'), 'text/csv');
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const first = await send(`/api/t/imports/residents?mapping=${mapping}`, d.admin, csv('张三'), 'text/csv');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ imported: 1 });
    // The next file with the same header needs no mapping.
    const again = await send('/api/t/imports/residents/preview', d.admin, csv('张三'), 'text/csv');
    expect(again.body.savedMapping).toEqual({ 住户: 'name' });
    expect(again.body.file.mapping[0]).toEqual({ index: 0, header: '住户', field: 'name' });
  }, 120_000);

  it('a JSON or form-encoded body is refused as not a file, and nothing is written', async () => {
    const d = await rosterDistrict();
    const body = new TextEncoder().encode(JSON.stringify({ 姓名: '张三', 身份证号: '110105195001010012' }));
    for (const path of ['/api/t/imports/residents', '/api/t/imports/residents/preview'])
      for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
        const res = await send(path, d.admin, body, type);
        expect(res.status, `${path} ${type}`).toBe(415);
        expect(res.body.code).toBe('IMPORT_UNSUPPORTED_FORMAT');
        expect(res.body.message.zh).toContain('CSV 或 XLSX');
      }
    expect(await stored(d)).toEqual([]);
  }, 60_000);
});
