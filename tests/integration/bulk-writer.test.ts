/**
 * The bulk resident writer behind file imports, on DynamoDB Local: search entries are put before
 * the transaction that commits the residents, so the tests check that the entries always match
 * the committed residents exactly — after a mixed re-upload, after two uploads of the same file
 * racing each other, and after commits that fail — and that search skips an orphan entry.
 */
import { QueryCommand, type QueryCommandOutput, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { localKeys } from '@linli/local';
import {
  BulkResidentWriter,
  generateResidents,
  PopulationStore,
  type Resident,
  readStats,
  TenantCipher,
} from '@linli/population';
import { type Tenant, TenantStores } from '@linli/tenancy';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);
const actor = { id: 'importer', role: 'district-admin', channel: 'import' as const, importId: 'IMP1' };

let district: Awaited<ReturnType<typeof makeDistrict>>;
let residents: Resident[];

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  residents = generateResidents({
    districtCode: district.tenant.divisionCode,
    communities: district.communities.map((code) => ({ code, name: code, streetCode: code.slice(0, 9) })),
    count: 360,
    seed: 5,
  }).residents;
});

const popFor = async (tenant: Tenant, docClient = doc) =>
  new PopulationStore(
    new TenantStores(() => docClient).for(tenant),
    await TenantCipher.forTenant(localKeys(env), tenant.id),
    { districtCode: tenant.divisionCode },
  );

const importRows = async (pop: PopulationStore, rows: readonly Resident[], first = 1) => {
  // Small groups and chunks in flight so one file spans many chunks and groups.
  const w = new BulkResidentWriter(pop, { actor, concurrency: 3, groupRows: 50 });
  for (let i = 0; i < rows.length; i++) await w.add({ row: first + i, value: rows[i]! });
  await w.done();
  return w;
};

const countPartition = async (tenant: Tenant, pk: string) => {
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const r: QueryCommandOutput = await doc.send(
      new QueryCommand({
        TableName: tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': pk },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    n += r.Count ?? 0;
    start = r.LastEvaluatedKey;
  } while (start);
  return n;
};

/** Every tag partition holds exactly one entry per active resident with that tag; every mobile one. */
const expectEntriesMatch = async (pop: PopulationStore, tenant: Tenant, rows: readonly Resident[]) => {
  const perTag = new Map<string, number>();
  for (const r of rows) for (const t of r.tags) perTag.set(t, (perTag.get(t) ?? 0) + 1);
  expect(perTag.size).toBeGreaterThan(0);
  for (const [t, n] of perTag) expect(await countPartition(tenant, pop.keys.tag(t)), t).toBe(n);
  const mobiles = new Map<string, number>();
  for (const r of rows) if (r.mobile) mobiles.set(r.mobile, (mobiles.get(r.mobile) ?? 0) + 1);
  for (const [m, n] of [...mobiles].slice(0, 40))
    expect(await countPartition(tenant, pop.keys.mobileTerm(pop.cipher.hash('mobile', m)))).toBe(n);
};

describe('bulk resident writer', () => {
  it('a mixed re-upload writes only the new rows; entries and counters match the residents', async () => {
    const pop = await popFor(district.tenant);
    const half = residents.slice(0, 180);
    const w1 = await importRows(pop, half);
    expect(w1.counts).toEqual({ written: 180, existing: 0, failed: 0 });

    const w2 = await importRows(pop, residents);
    expect(w2.counts).toEqual({ written: 180, existing: 180, failed: 0 });
    expect(w2.outcome.existing.sort((a, b) => a - b)).toEqual(half.map((_, i) => i + 1));

    const stats = await readStats(pop.store, {});
    expect(stats.residents).toBe(360);
    await expectEntriesMatch(pop, district.tenant, residents);
    // Every resident is found by its ID number and by its name prefix.
    for (const r of residents.slice(170, 190)) {
      const found = await pop.findByIdNumber(r.idNumber);
      expect(found?.name).toBe(r.name);
      const byName = await pop.searchTerm({ name: r.name }, undefined, 50);
      expect(byName.items.some((v) => v.idNumber === r.idNumber)).toBe(true);
    }
  }, 120_000);

  it('two uploads of the same file at once store each resident once and leave no orphan entries', async () => {
    const d = await makeDistrict(env, { tier: 'standard' });
    const rows = generateResidents({
      districtCode: d.tenant.divisionCode,
      communities: d.communities.map((code) => ({ code, name: code, streetCode: code.slice(0, 9) })),
      count: 240,
      seed: 9,
    }).residents;
    const pop = await popFor(d.tenant);
    const [a, b] = await Promise.all([importRows(pop, rows), importRows(pop, rows)]);
    expect(a.counts.written + b.counts.written).toBe(240);
    expect(a.counts.existing + b.counts.existing).toBe(240);
    expect(a.counts.failed + b.counts.failed).toBe(0);
    expect((await readStats(pop.store, {})).residents).toBe(240);
    await expectEntriesMatch(pop, d.tenant, rows);
  }, 120_000);

  it('a failed commit stores no resident and removes its entries; search skips an orphan entry', async () => {
    const d = await makeDistrict(env, { tier: 'standard' });
    const rows = generateResidents({
      districtCode: d.tenant.divisionCode,
      communities: d.communities.map((code) => ({ code, name: code, streetCode: code.slice(0, 9) })),
      count: 60,
      seed: 13,
    }).residents;
    // The transactions fail (not a conflict): every other request goes through.
    const failing = {
      send: (cmd: unknown) =>
        cmd instanceof TransactWriteCommand
          ? Promise.reject(Object.assign(new Error('service unavailable'), { name: 'InternalServerError' }))
          : doc.send(cmd as never),
    } as unknown as typeof doc;
    const broken = await popFor(d.tenant, failing);
    const w = await importRows(broken, rows);
    expect(w.counts).toEqual({ written: 0, existing: 0, failed: 60 });
    expect(w.outcome.failed[0]!.issue.code).toBe('IMPORT_WRITE_FAILED');

    const pop = await popFor(d.tenant);
    expect((await readStats(pop.store, {})).residents).toBe(0);
    for (const t of new Set(rows.flatMap((r) => r.tags)))
      expect(await countPartition(d.tenant, pop.keys.tag(t))).toBe(0);
    const withMobile = rows.find((r) => r.mobile)!;
    expect(
      await countPartition(d.tenant, pop.keys.mobileTerm(pop.cipher.hash('mobile', withMobile.mobile!))),
    ).toBe(0);

    // An entry whose resident was never committed (a crash between the two steps) is skipped.
    const r = rows[1]!;
    const entries = pop.newResidentItems(r, actor).index.filter((i) => i.sk !== 'ID');
    await pop.store.batchPut(entries);
    expect((await pop.searchTerm({ name: r.name }, undefined, 20)).items).toEqual([]);
    // Importing the row afterwards works as usual.
    const ok = await importRows(pop, [r]);
    expect(ok.counts.written).toBe(1);
    expect((await pop.searchTerm({ name: r.name }, undefined, 20)).items.map((v) => v.idNumber)).toEqual([
      r.idNumber,
    ]);
  }, 120_000);
});
