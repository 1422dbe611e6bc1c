/**
 * What a community worker expects of the residents list: a surname alone finds people (and the
 * one-character entries are backfilled for residents stored before they existed), and the list
 * shows sex, registration type and ethnicity in clear while identifying fields stay masked.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { backfillSurnameIndex, createLocalApps, localKeys } from '@linli/local';
import { makeCitizenId, TenantCipher } from '@linli/population';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const app = createLocalApps(env, { throttle: false }).tenant;
const doc = docOf(env);

let district: Awaited<ReturnType<typeof makeDistrict>>;
let worker: string;
let otherWorker: string;
let C1: string;
let C2: string;
let seq = 11;
const newId = (male = true) => makeCitizenId('110101', '1980-01-02', (seq++ * 2 + (male ? 1 : 0)) % 1000);

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1, C2] = district.communities as [string, string];
  const mk = async (c: string) =>
    (
      await makeStaff(env, {
        kind: 'staff',
        tenantId: district.tenant.id,
        roles: ['community-worker'],
        scope: { communityCode: c, streetCode: c.slice(0, 9) },
      })
    ).accessToken;
  [worker, otherWorker] = await Promise.all([mk(C1), mk(C2)]);
});

const register = async (name: string, over: Record<string, unknown> = {}) => {
  const r = await call(app, 'POST', '/api/t/residents', worker, {
    name,
    idNumber: newId(),
    registration: '流动',
    ethnicity: '苗族',
    communityCode: C1,
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Json;
};
const search = async (token: string, name: string) =>
  (await call(app, 'GET', `/api/t/residents?name=${encodeURIComponent(name)}`, token)).body.items as Json[];

describe('surname search', () => {
  it('finds a resident by the surname alone, within the worker’s community only', async () => {
    const r = await register('钱学森');
    expect((await search(worker, '钱')).map((i) => i.id)).toContain(r.id);
    expect((await search(worker, '钱学')).map((i) => i.id)).toContain(r.id);
    expect(await search(otherWorker, '钱')).toEqual([]);
    expect((await search(worker, '孙')).map((i) => i.id)).not.toContain(r.id);
  });

  it('backfills the surname entries of residents stored before surnames were indexed', async () => {
    const r = await register('冯友兰');
    // As written before: no one-character entry.
    const cipher = await TenantCipher.forTenant(localKeys(env), district.tenant.id);
    const [surname] = cipher.namePrefixes('冯友兰', 1);
    await doc.send(
      new DeleteCommand({
        TableName: district.tenant.dataTable,
        Key: { pk: `T#${district.tenant.id}#RIX#n#${surname}`, sk: `${C1}#${r.id}` },
      }),
    );
    expect(await search(worker, '冯')).toEqual([]);
    expect((await search(worker, '冯友')).map((i) => i.id)).toContain(r.id);

    const out = await backfillSurnameIndex(env, district.tenant);
    expect(out.skipped).toBe(false);
    expect(out.visited).toBeGreaterThanOrEqual(1);
    expect((await search(worker, '冯')).map((i) => i.id)).toEqual([r.id]);
    // once per district
    expect((await backfillSurnameIndex(env, district.tenant)).skipped).toBe(true);
  });
});

describe('what the worker sees in the list', () => {
  it('sex, registration and ethnicity in clear; name, ID number and birth date masked', async () => {
    const r = await register('褚明', { idNumber: newId(false) });
    const [item] = (await search(worker, '褚明')).filter((i) => i.id === r.id);
    expect(item).toMatchObject({ sex: 'female', registration: 'migrant', ethnicity: '06', name: '褚*' });
    expect(String(item?.idNumber)).toContain('*');
    expect(String(item?.birthDate)).toContain('*');
  });
});
