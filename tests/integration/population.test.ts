/**
 * The community comprehensive database through the tenant API on DynamoDB Local + cognito-local:
 * CRUD, versioning and moves; scope; masking and audited reveal; keyed-hash search with no
 * plaintext at rest; four-eyes review; imports of malformed files; idempotent re-import;
 * counters equal to a recount; erasure.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps } from '@linli/local';
import { makeCitizenId, readStats } from '@linli/population';
import type { Tenant } from '@linli/tenancy';
import { TenantStores } from '@linli/tenancy';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const app = withContract(createLocalApps(env, { throttle: false }).tenant);
afterAll(() => expect(app.violations).toEqual([]));
const doc = docOf(env);

let seq = 1;
/** A valid ID number (address code of a real district: Dongcheng, Beijing). */
const newId = (birth = '1985-06-15', male = true) => {
  const s = (seq++ * 2 + (male ? 1 : 0)) % 1000;
  return makeCitizenId('110101', birth, s);
};

/** Every item stored under a tenant's partitions — read back raw, partition by partition. */
const rawItemsOf = async (tenant: Tenant, pks: string[]) => {
  const out: Record<string, unknown>[] = [];
  for (const pk of pks) {
    const r = await doc.send(
      new QueryCommand({
        TableName: tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': pk },
      }),
    );
    out.push(...(r.Items ?? []));
  }
  return out;
};

let district: Awaited<ReturnType<typeof makeDistrict>>;
let admin: string;
let street: string;
let streetB: string;
let worker: string;
let workerB: string;
let civil: string;
let labour: string;
let hotline: string;
let C1: string;
let C2: string;
let C3: string;

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1, C2, C3] = district.communities as [string, string, string];
  const t = district.tenant.id;
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: t, roles, scope })).accessToken;
  [admin, street, streetB, worker, workerB, civil, labour, hotline] = await Promise.all([
    mk(['district-admin'], {}),
    mk(['street-staff'], { streetCode: C1.slice(0, 9) }),
    mk(['street-staff'], { streetCode: C3.slice(0, 9) }),
    mk(['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
    mk(['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
    mk(['department-staff'], { department: 'civil-affairs' }),
    mk(['department-staff'], { department: 'labour' }),
    mk(['call-centre-operator'], {}),
  ]);
});

const resident = (over: Record<string, unknown> = {}) => ({
  name: '王小明',
  idNumber: newId(),
  registration: '户籍',
  mobile: `139${String(10_000_000 + seq * 7919).slice(-8)}`,
  communityCode: C1,
  building: '3',
  unit: '2',
  room: '501',
  tags: ['退役军人'],
  ...over,
});

describe('residents: CRUD, versioning, moves', () => {
  it('creates, reads masked, updates with versions and keeps the history', async () => {
    const input = resident();
    const created = await call(app, 'POST', '/api/t/residents', worker, input);
    expect(created.status).toBe(201);
    const r = created.body;
    expect(r.version).toBe(1);
    expect(r.name).toBe('王**');
    expect(r.idNumber).toMatch(/^110101\*{8}\d{3}[\dX]$/);
    expect(r.mobile).toMatch(/^139\*{4}\d{4}$/);
    expect(r.status).toBe('active');

    const upd = await call(app, 'PATCH', `/api/t/residents/${r.id}`, worker, { building: '4', version: 1 });
    expect(upd.status).toBe(200);
    expect(upd.body.version).toBe(2);
    const stale = await call(app, 'PATCH', `/api/t/residents/${r.id}`, worker, { room: '101', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    const ver = await call(app, 'POST', `/api/t/residents/${r.id}/verify`, worker);
    expect(ver.status).toBe(200);
    const h = await call(app, 'GET', `/api/t/residents/${r.id}/history`, worker);
    expect(h.status).toBe(200);
    expect(h.body.items.map((i: Json) => i.action)).toEqual(['create', 'update', 'verify']);
    expect(h.body.items[1].fields).toEqual(['building']);
    expect(h.body.items[1].channel).toBe('web');
    expect(h.body.items[0].fields).toContain('idNumber');

    const dup = await call(app, 'POST', '/api/t/residents', worker, { ...input, name: '王大明' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('RESIDENT_EXISTS');
  });

  it('bad input is problem+json with field issues, never a 500, and nothing is written', async () => {
    const bad = await call(
      app,
      'POST',
      '/api/t/residents',
      worker,
      resident({ idNumber: '110101198506150011', sex: '女' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: Json) => e.code)).toContain('RESIDENT_ID_CHECKSUM');
    const unknown = await call(
      app,
      'POST',
      '/api/t/residents',
      admin,
      resident({ communityCode: `${C1.slice(0, 9)}999` }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('COMMUNITY_UNKNOWN');
    const notJson = await call(app, 'POST', '/api/t/residents', worker, '{oops', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(400);
  });

  it('move out, death and move in are state changes, not deletes', async () => {
    const a = (await call(app, 'POST', '/api/t/residents', street, resident())).body;
    const out = await call(app, 'POST', `/api/t/residents/${a.id}/move-out`, street, {
      date: '2026-01-10',
      destination: '杭州',
    });
    expect(out.status).toBe(200);
    expect(out.body.status).toBe('moved-out');
    const listOut = await call(app, 'GET', `/api/t/residents?community=${C1}&status=moved-out`, street);
    expect(listOut.body.items.map((i: Json) => i.id)).toContain(a.id);
    const again = await call(app, 'POST', `/api/t/residents/${a.id}/death`, street, { date: '2026-01-11' });
    expect(again.status).toBe(409);

    // Moving in to C2 (same street) finds the person by ID number and transfers the record.
    const idNumber = (
      await call(app, 'POST', `/api/t/residents/${a.id}/reveal`, street, {
        fields: ['idNumber'],
        reason: '迁入核对身份',
      })
    ).body.idNumber;
    const inn = await call(app, 'POST', '/api/t/residents/move-in', street, {
      idNumber,
      communityCode: C2,
      registration: '户籍',
      name: '王小明',
    });
    expect(inn.status).toBe(200);
    expect(inn.body.id).toBe(a.id);
    expect(inn.body.status).toBe('active');
    expect(inn.body.communityCode).toBe(C2);

    const dead = await call(app, 'POST', `/api/t/residents/${a.id}/death`, street, { date: '2026-02-01' });
    expect(dead.status).toBe(200);
    expect(dead.body.status).toBe('deceased');
    const h = await call(app, 'GET', `/api/t/residents/${a.id}/history`, street);
    expect(h.body.items.map((i: Json) => i.action)).toEqual(['create', 'move-out', 'move-in', 'death']);

    const fresh = await call(app, 'POST', '/api/t/residents/move-in', worker, resident({ from: '外省' }));
    expect(fresh.status).toBe(201);
  });
});

describe('scope', () => {
  it('a community worker cannot create, edit or see residents of another community', async () => {
    const other = (await call(app, 'POST', '/api/t/residents', workerB, resident({ communityCode: C3 })))
      .body;
    expect(other.id).toBeDefined();
    const create = await call(app, 'POST', '/api/t/residents', worker, resident({ communityCode: C3 }));
    expect(create.status).toBe(403);
    expect((await call(app, 'PATCH', `/api/t/residents/${other.id}`, worker, { building: '9' })).status).toBe(
      404,
    );
    expect((await call(app, 'GET', `/api/t/residents/${other.id}`, worker)).status).toBe(404);
    expect((await call(app, 'GET', `/api/t/residents?community=${C3}`, worker)).status).toBe(403);
    // Moving someone into another community is not theirs either.
    const moveIn = await call(
      app,
      'POST',
      '/api/t/residents/move-in',
      worker,
      resident({ communityCode: C3 }),
    );
    expect(moveIn.status).toBe(403);
    // A street worker of another street sees nothing of this one.
    expect((await call(app, 'GET', `/api/t/residents/${other.id}`, street)).status).toBe(404);
    const list = await call(app, 'GET', '/api/t/residents', worker);
    expect(list.status).toBe(200);
    expect(list.body.items.every((i: Json) => i.communityCode === C1)).toBe(true);
  });

  it('a department sees only its own thematic kinds', async () => {
    const r = (await call(app, 'POST', '/api/t/residents', worker, resident({ tags: ['低保'] }))).body;
    const rec = await call(app, 'POST', '/api/t/thematic/minimum-allowance', civil, {
      subjectId: r.id,
      data: { since: '2025-03-01', householdSize: 2, monthlyAmount: 1320 },
    });
    expect(rec.status).toBe(201);
    expect(rec.body.value.data.monthlyAmount).toBe('***');
    expect((await call(app, 'GET', `/api/t/thematic/minimum-allowance/${rec.body.id}`, labour)).status).toBe(
      403,
    );
    expect(
      (
        await call(app, 'POST', '/api/t/thematic/minimum-allowance', labour, {
          subjectId: r.id,
          data: { since: '2025-03-01', householdSize: 2, monthlyAmount: 1 },
        })
      ).status,
    ).toBe(403);
    expect((await call(app, 'GET', `/api/t/thematic/minimum-allowance?community=${C1}`, worker)).status).toBe(
      403,
    );
    const districtWide = await call(app, 'GET', '/api/t/thematic/minimum-allowance', civil);
    expect(districtWide.body.items.map((i: Json) => i.id)).toContain(rec.body.id);
    const own = await call(app, 'GET', `/api/t/residents/${r.id}/thematic`, labour);
    expect(own.body.items).toEqual([]);
    const civ = await call(app, 'GET', `/api/t/residents/${r.id}/thematic`, civil);
    expect(civ.body.items).toHaveLength(1);
    const bad = await call(app, 'POST', '/api/t/thematic/minimum-allowance', civil, {
      subjectId: r.id,
      data: { since: 'soon' },
    });
    expect(bad.status).toBe(400);
    const rev = await call(app, 'POST', `/api/t/thematic/minimum-allowance/${rec.body.id}/reveal`, civil, {
      reason: '核定保障金额',
    });
    expect(rev.body.value.data.monthlyAmount).toBe(1320);
    // The district admin reads every kind (masked) but cannot reveal a department's fields.
    expect((await call(app, 'GET', `/api/t/thematic/minimum-allowance/${rec.body.id}`, admin)).status).toBe(
      200,
    );
    expect(
      (
        await call(app, 'POST', `/api/t/thematic/minimum-allowance/${rec.body.id}/reveal`, admin, {
          reason: '核定保障金额',
        })
      ).status,
    ).toBe(403);
  });
});

describe('masking, reveal and audit', () => {
  it('each role sees its default view; reveal needs a reason and is audited', async () => {
    const input = resident({ name: '欧阳娜娜', politicalStatus: '中共党员' });
    const r = (await call(app, 'POST', '/api/t/residents', worker, input)).body;
    const asHotline = (await call(app, 'GET', `/api/t/residents/${r.id}`, hotline)).body;
    expect(asHotline.name).toBe('欧阳**');
    expect(asHotline.tags).toBeUndefined();
    expect(asHotline.building).toBeUndefined();
    const asCivil = (await call(app, 'GET', `/api/t/residents/${r.id}`, civil)).body;
    expect(asCivil.tags).toBeUndefined();
    expect(asCivil.politicalStatus).toBeUndefined();
    const asWorker = (await call(app, 'GET', `/api/t/residents/${r.id}`, worker)).body;
    expect(asWorker.tags).toEqual(['***', '***']);

    expect(
      (
        await call(app, 'POST', `/api/t/residents/${r.id}/reveal`, worker, {
          fields: ['idNumber'],
          reason: '',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call(app, 'POST', `/api/t/residents/${r.id}/reveal`, hotline, {
          fields: ['idNumber'],
          reason: '来电核实身份',
        })
      ).status,
    ).toBe(403);
    const rev = await call(app, 'POST', `/api/t/residents/${r.id}/reveal`, worker, {
      fields: ['idNumber', 'mobile'],
      reason: '办理低保申请',
    });
    expect(rev.status).toBe(200);
    expect(rev.body.idNumber).toBe(input.idNumber);
    expect(rev.body.mobile).toBe(input.mobile);
    expect(rev.body.name).toBe('欧阳**');

    const day = new Date().toISOString().slice(0, 10);
    const audit = await rawItemsOf(district.tenant, [`T#${district.tenant.id}#AUDIT#${day}`]);
    const entry = audit.find((a) => a.action === 'residents.reveal' && a.target === r.id);
    expect(entry).toMatchObject({ reason: '办理低保申请', detail: { fields: ['idNumber', 'mobile'] } });
    expect(audit.some((a) => a.action === 'residents.create' && a.target === r.id)).toBe(true);
  });
});

describe('search by keyed hash', () => {
  it('finds by ID number, mobile and name prefix, within scope; nothing plaintext is stored', async () => {
    const input = resident({ name: '司马相如', mobile: '13912345678', communityCode: C2 });
    const r = (await call(app, 'POST', '/api/t/residents', street, input)).body;
    const byId = await call(app, 'GET', `/api/t/residents?idNumber=${input.idNumber}`, street);
    expect(byId.body.items.map((i: Json) => i.id)).toEqual([r.id]);
    expect(
      (await call(app, 'GET', `/api/t/residents?idNumber=${input.idNumber}`, worker)).body.items,
    ).toEqual([]);
    const byMobile = await call(app, 'GET', '/api/t/residents?mobile=139-1234-5678', admin);
    expect(byMobile.body.items.map((i: Json) => i.id)).toEqual([r.id]);
    for (const prefix of ['司马', '司马相', '司马相如']) {
      const byName = await call(
        app,
        'GET',
        `/api/t/residents?name=${encodeURIComponent(prefix)}&street=${C2.slice(0, 9)}`,
        street,
      );
      expect(byName.body.items.map((i: Json) => i.id)).toContain(r.id);
    }
    expect(
      (await call(app, 'GET', `/api/t/residents?name=${encodeURIComponent('司马光')}`, admin)).body.items,
    ).toEqual([]);

    // Every item of this resident, read raw: no plaintext ID number, mobile, name or birth date.
    const t = district.tenant;
    const rawAll = await rawItemsOf(t, [`T#${t.id}#RES#${r.id}`]);
    const hashed = await doc.send(
      new QueryCommand({
        TableName: t.dataTable,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `T#${t.id}#RCOM#${C2}#active` },
      }),
    );
    const blob = JSON.stringify([...rawAll, ...(hashed.Items ?? [])]);
    expect(rawAll.length).toBeGreaterThan(0);
    for (const secret of [input.idNumber, input.mobile, '司马相如', '司马', '1985-06-15', '19850615'])
      expect(blob).not.toContain(secret);
  });

  it('lists by building and tag, paginated by cursor', async () => {
    for (let i = 0; i < 5; i++)
      await call(
        app,
        'POST',
        '/api/t/residents',
        worker,
        resident({ building: 'B7', room: `10${i}`, tags: ['残疾人'] }),
      );
    const p1 = await call(app, 'GET', `/api/t/residents?community=${C1}&building=B7&limit=3`, worker);
    expect(p1.body.items).toHaveLength(3);
    const p2 = await call(
      app,
      'GET',
      `/api/t/residents?community=${C1}&building=B7&limit=3&cursor=${p1.body.cursor}`,
      worker,
    );
    expect(p2.body.items).toHaveLength(2);
    const tagged = await call(app, 'GET', '/api/t/residents?tag=disabled&limit=100', worker);
    expect(tagged.body.items.length).toBeGreaterThanOrEqual(5);
    expect((await call(app, 'GET', '/api/t/residents?cursor=bogus', worker)).status).toBe(400);
  });
});

describe('four-eyes review', () => {
  it('a worker’s sensitive change waits for the street; the author cannot approve it', async () => {
    const r = (await call(app, 'POST', '/api/t/residents', worker, resident())).body;
    const change = await call(app, 'PATCH', `/api/t/residents/${r.id}`, worker, {
      tags: ['退役军人', '低保'],
    });
    expect(change.status).toBe(202);
    const reviewId = change.body.review.id;
    expect((await call(app, 'GET', `/api/t/residents/${r.id}`, worker)).body.version).toBe(1);
    const queue = await call(app, 'GET', '/api/t/reviews', street);
    expect(queue.body.items.map((i: Json) => i.id)).toContain(reviewId);
    expect(
      (await call(app, 'GET', '/api/t/reviews', streetB)).body.items.map((i: Json) => i.id),
    ).not.toContain(reviewId);
    expect((await call(app, 'POST', `/api/t/reviews/${reviewId}/approve`, worker, {})).status).toBe(403);
    expect((await call(app, 'POST', `/api/t/reviews/${reviewId}/approve`, streetB, {})).status).toBe(404);
    const ok = await call(app, 'POST', `/api/t/reviews/${reviewId}/approve`, street, {
      note: '已核实低保批复',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.resident.version).toBe(2);
    expect((await call(app, 'POST', `/api/t/reviews/${reviewId}/approve`, street, {})).status).toBe(409);
    const h = await call(app, 'GET', `/api/t/residents/${r.id}/history`, street);
    expect(h.body.items[1]).toMatchObject({ action: 'update', reviewId, fields: ['tags'] });
    expect(h.body.items[1].reviewedBy).toBeDefined();

    // A non-sensitive change goes straight through; a death is reviewed and can be rejected.
    expect((await call(app, 'PATCH', `/api/t/residents/${r.id}`, worker, { room: '602' })).status).toBe(200);
    const death = await call(app, 'POST', `/api/t/residents/${r.id}/death`, worker, { date: '2026-03-01' });
    expect(death.status).toBe(202);
    const rej = await call(app, 'POST', `/api/t/reviews/${death.body.review.id}/reject`, street, {
      note: '信息有误',
    });
    expect(rej.status).toBe(200);
    expect((await call(app, 'GET', `/api/t/residents/${r.id}`, worker)).body.status).toBe('active');

    // Four eyes switched off by the district: the worker's change applies at once.
    const off = await call(app, 'PUT', '/api/t/population/settings', admin, {
      fourEyes: false,
      reviewFields: [],
      reviewActions: [],
      staleAfterDays: 365,
    });
    expect(off.status).toBe(200);
    expect((await call(app, 'PATCH', `/api/t/residents/${r.id}`, worker, { tags: [] })).status).toBe(200);
    await call(app, 'PUT', '/api/t/population/settings', admin, {
      fourEyes: true,
      reviewFields: ['name', 'idNumber', 'registration', 'tags'],
      reviewActions: ['death', 'erase'],
      staleAfterDays: 365,
    });
  });
});

describe('freshness', () => {
  it('shows residents not verified within the threshold', async () => {
    const r = (await call(app, 'POST', '/api/t/residents', worker, resident())).body;
    const none = await call(app, 'GET', `/api/t/residents/stale?community=${C1}&days=1`, worker);
    expect(none.body.items.map((i: Json) => i.id)).not.toContain(r.id);
    const all = await call(app, 'GET', `/api/t/residents/stale?community=${C1}&days=0&limit=200`, worker);
    expect(all.body.items.map((i: Json) => i.id)).toContain(r.id);
  });
});

describe('household changes in place', () => {
  it('a worker changes relationships, adds and removes members without re-entering masked values', async () => {
    const head = resident({ name: '周户主', idNumber: newId('1960-03-03') });
    const spouse = resident({ name: '吴配偶', idNumber: newId('1962-04-04', false) });
    const child = resident({ name: '周小孩', idNumber: newId('1995-05-05') });
    const rids: string[] = [];
    for (const r of [head, spouse, child])
      rids.push((await call(app, 'POST', '/api/t/residents', worker, r)).body.id);
    const ref = `P${Date.now()}`;
    const made = await call(app, 'POST', '/api/t/households', worker, {
      householdRef: ref,
      communityCode: C1,
      building: '8',
      unit: '1',
      room: '302',
      members: [
        { idNumber: head.idNumber, relationship: '02' },
        { idNumber: spouse.idNumber, relationship: '10' },
      ],
    });
    expect(made.status).toBe(201);

    // Keep the two members by resident id, fix a relationship, add the child by ID number.
    const patched = await call(app, 'PATCH', `/api/t/households/${ref}`, worker, {
      version: 1,
      members: [
        { residentId: rids[0], relationship: '02' },
        { residentId: rids[1], relationship: '12' },
        { idNumber: child.idNumber, relationship: '20' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(2);
    expect(patched.body.value.members).toEqual([
      { residentId: rids[0], relationship: '02' },
      { residentId: rids[1], relationship: '12' },
      { residentId: rids[2], relationship: '20' },
    ]);
    // The address was not sent, so it is unchanged (stored in clear, shown masked).
    const raw = await rawItemsOf(district.tenant, [`T#${district.tenant.id}#HH#${ref}`]);
    expect(raw.find((i) => i.sk === 'CUR')).toMatchObject({ building: '8', unit: '1', room: '302' });

    const stale = await call(app, 'PATCH', `/api/t/households/${ref}`, worker, { version: 1, room: '303' });
    expect(stale.status).toBe(409);
    const noVersion = await call(app, 'PATCH', `/api/t/households/${ref}`, worker, { room: '303' });
    expect(noVersion.status).toBe(400);
    // A member not in the household cannot be kept by id; two heads are refused; nothing is written.
    const bad = await call(app, 'PATCH', `/api/t/households/${ref}`, worker, {
      version: 2,
      members: [
        { residentId: rids[0], relationship: '02' },
        { residentId: '01AAAAAAAAAAAAAAAAAAAAAAAA', relationship: '02' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: Json) => e.code).sort()).toEqual(['HOUSEHOLD_MEMBER_REQUIRED']);
    const twoHeads = await call(app, 'PATCH', `/api/t/households/${ref}`, worker, {
      version: 2,
      members: [
        { residentId: rids[0], relationship: '02' },
        { residentId: rids[1], relationship: '02' },
      ],
    });
    expect(twoHeads.body.errors[0]).toMatchObject({ field: 'members', code: 'HOUSEHOLD_HEAD_COUNT' });
    const moved = await call(app, 'PATCH', `/api/t/households/${ref}`, worker, {
      version: 2,
      room: '303',
      unit: '',
    });
    expect(moved.status).toBe(200);
    const after = await rawItemsOf(district.tenant, [`T#${district.tenant.id}#HH#${ref}`]);
    const cur = after.find((i) => i.sk === 'CUR')!;
    expect(cur).toMatchObject({ building: '8', room: '303', version: 3 });
    expect(cur.unit).toBeUndefined();
    expect((cur.members as unknown[]).length).toBe(3);
    // Outside the worker's community: not found.
    expect(
      (await call(app, 'PATCH', `/api/t/households/${ref}`, workerB, { version: 3, room: '1' })).status,
    ).toBe(404);
  });
});

describe('grids', () => {
  it('a community worker divides the community into grids by building and lists each grid’s residents', async () => {
    const d = await makeDistrict(env, { tier: 'standard' });
    const [A, , B] = d.communities as [string, string, string];
    const t = d.tenant.id;
    const [wA, wB] = await Promise.all(
      [A, B].map(
        async (c) =>
          (
            await makeStaff(env, {
              kind: 'staff',
              tenantId: t,
              roles: ['community-worker'],
              scope: { communityCode: c, streetCode: c.slice(0, 9) },
            })
          ).accessToken,
      ),
    );
    for (const number of ['1', '2', '3'])
      expect(
        (await call(app, 'POST', '/api/t/buildings', wA!, { communityCode: A, number, use: 'residential' }))
          .status,
      ).toBe(201);
    // Replacing a building needs the version seen; version 0 means "create only".
    const again = await call(app, 'POST', '/api/t/buildings', wA!, {
      communityCode: A,
      number: '1',
      use: 'residential',
      version: 0,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('VERSION_CONFLICT');
    const renamed = await call(app, 'POST', '/api/t/buildings', wA!, {
      communityCode: A,
      number: '1',
      name: '一号楼',
      use: 'residential',
      version: 1,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.version).toBe(2);
    const people = ['1', '2', '3'].map((building, i) =>
      resident({
        communityCode: A,
        building,
        name: `网格${'甲乙丙'[i]}`,
        idNumber: newId(`1970-0${i + 1}-01`),
      }),
    );
    const ids: string[] = [];
    for (const r of people) {
      const res = await call(app, 'POST', '/api/t/residents', wA!, r);
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }

    const grid = {
      communityCode: A,
      code: '01',
      name: '第一网格',
      buildings: ['1', '2'],
      workerName: '李网格员',
    };
    const made = await call(app, 'POST', '/api/t/grids', wA!, grid);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: '01', version: 1, value: { buildings: ['1', '2'] } });
    // A building belongs to one grid; a grid's buildings must exist; bad input names its field.
    const taken = await call(app, 'POST', '/api/t/grids', wA!, {
      ...grid,
      code: '02',
      name: '第二网格',
      buildings: ['2', '3'],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('GRID_BUILDING_TAKEN');
    const unknown = await call(app, 'POST', '/api/t/grids', wA!, {
      ...grid,
      code: '02',
      name: '第二网格',
      buildings: ['9'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'buildings', code: 'GRID_BUILDING_UNKNOWN' });
    const bad = await call(app, 'POST', '/api/t/grids', wA!, {
      communityCode: A,
      code: 'a#b',
      buildings: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: Json) => e.code).sort()).toEqual([
      'GRID_BUILDINGS_INVALID',
      'GRID_CODE_INVALID',
      'GRID_NAME_REQUIRED',
    ]);

    const inGrid = await call(app, 'GET', `/api/t/grids/${A}/01/residents?limit=50`, wA!);
    expect(inGrid.status).toBe(200);
    // The residents of buildings 1 and 2, not the one in building 3; masked as in any list.
    expect(inGrid.body.items.map((v: Json) => v.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(inGrid.body.items.every((v: Json) => v.masked === true)).toBe(true);
    expect(JSON.stringify(inGrid.body)).not.toContain(people[0]!.idNumber);
    // Paged one by one across the two buildings, the cursor carries on to the end.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        app,
        'GET',
        `/api/t/grids/${A}/01/residents?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        wA!,
      );
      seen.push(...page.body.items.map((v: Json) => v.id));
      cursor = page.body.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(2);

    // Replacing needs the version seen; a stale version is refused.
    const moved = await call(app, 'POST', '/api/t/grids', wA!, { ...grid, buildings: ['1'], version: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    const stale = await call(app, 'POST', '/api/t/grids', wA!, {
      ...grid,
      buildings: ['1', '2', '3'],
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(
      (
        await call(app, 'POST', '/api/t/grids', wA!, {
          ...grid,
          code: '02',
          name: '第二网格',
          buildings: ['2', '3'],
        })
      ).status,
    ).toBe(201);

    // Another community's worker can neither see nor change these grids.
    expect((await call(app, 'GET', `/api/t/grids?community=${A}`, wB!)).status).toBe(403);
    expect((await call(app, 'GET', `/api/t/grids/${A}/01/residents`, wB!)).status).toBe(404);
    expect(
      (await call(app, 'POST', '/api/t/grids', wB!, { ...grid, code: '03', buildings: [] })).status,
    ).toBe(403);
    const listed = await call(app, 'GET', `/api/t/grids?community=${A}`, wA!);
    expect(listed.body.items.map((g: Json) => g.id)).toEqual(['01', '02']);
    expect((await readStats(new TenantStores(() => doc).for(d.tenant), {})).grids).toBe(2);
  });
});

describe('households, buildings, units, organizations', () => {
  it('keeps base records with counters; credit-code failures are warnings', async () => {
    const head = resident({ relationship: '户主' });
    const spouse = resident({ name: '李丽', idNumber: newId('1987-02-03', false) });
    await call(app, 'POST', '/api/t/residents', worker, head);
    await call(app, 'POST', '/api/t/residents', worker, spouse);
    const ref = `H${Date.now()}`;
    const hh = await call(app, 'POST', '/api/t/households', worker, {
      householdRef: ref,
      communityCode: C1,
      members: [
        { idNumber: head.idNumber, relationship: '02' },
        { idNumber: spouse.idNumber, relationship: '10' },
      ],
    });
    expect(hh.status).toBe(201);
    expect(JSON.stringify(hh.body)).not.toContain(head.idNumber);
    const missing = await call(app, 'POST', '/api/t/households', worker, {
      householdRef: `${ref}x`,
      communityCode: C1,
      members: [{ idNumber: newId(), relationship: '02' }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].code).toBe('HOUSEHOLD_MEMBER_UNKNOWN');

    expect(
      (await call(app, 'POST', '/api/t/buildings', worker, { communityCode: C1, number: '12', floors: 6 }))
        .status,
    ).toBe(201);
    expect(
      (
        await call(app, 'POST', '/api/t/housing-units', worker, {
          communityCode: C1,
          building: '12',
          room: '101',
          tenure: 'owned',
          occupancy: 'occupied',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(app, 'POST', '/api/t/housing-units', worker, {
          communityCode: C1,
          building: '12',
          room: '102',
          tenure: 'rented',
          occupancy: 'vacant',
        })
      ).status,
    ).toBe(201);
    const flip = await call(app, 'POST', '/api/t/housing-units', worker, {
      communityCode: C1,
      building: '12',
      room: '102',
      tenure: 'rented',
      occupancy: 'occupied',
    });
    expect(flip.status).toBe(200);
    expect(
      (
        await call(app, 'POST', '/api/t/housing-units', worker, {
          communityCode: C1,
          building: '99',
          room: '1',
          tenure: 'owned',
          occupancy: 'vacant',
        })
      ).status,
    ).toBe(400);
    const units = await call(app, 'GET', `/api/t/buildings/${C1}/12/units`, worker);
    expect(units.body.items).toHaveLength(2);

    const org = await call(app, 'POST', '/api/t/organizations', worker, {
      communityCode: C1,
      name: '光华里志愿服务队',
      type: 'volunteer-team',
      creditCode: '51110000500000000X',
      contactName: '赵志愿',
      contactMobile: '13912345678',
    });
    expect(org.status).toBe(201);
    expect(org.body.warnings.map((w: Json) => w.code)).toContain('CREDIT_CODE_CHECKSUM');
    const orgs = await call(app, 'GET', `/api/t/organizations?community=${C1}`, worker);
    expect(orgs.body.items.map((o: Json) => o.id)).toContain(org.body.id);
    // The contact person is personal information: masked in the list as in the detail.
    for (const body of [
      orgs.body,
      (await call(app, 'GET', `/api/t/organizations/${org.body.id}`, worker)).body,
    ]) {
      expect(JSON.stringify(body)).not.toContain('13912345678');
      expect(JSON.stringify(body)).toContain('139****5678');
    }

    const stats = await call(app, 'GET', `/api/t/analytics/population?community=${C1}`, worker);
    expect(stats.body.housing).toMatchObject({ occupied: 2, vacant: 0 });
    expect(stats.body.households).toBeGreaterThanOrEqual(1);
    expect(stats.body.organizations['volunteer-team']).toBeGreaterThanOrEqual(1);
  });
});

/** Recount from the residents themselves (community listings), to compare with the counters. */
const recount = async (tenantId: string, communities: string[], table: string) => {
  const out = { n: 0, migrant: 0, local: 0, male: 0, lowIncome: 0, movedOut: 0, deceased: 0 };
  for (const c of communities)
    for (const status of ['active', 'moved-out', 'deceased']) {
      let start: Record<string, unknown> | undefined;
      do {
        const r = await doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': `T#${tenantId}#RCOM#${c}#${status}` },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const it of r.Items ?? []) {
          if (status === 'moved-out') out.movedOut++;
          else if (status === 'deceased') out.deceased++;
          else {
            out.n++;
            if (it.registration === 'migrant') out.migrant++;
            else out.local++;
            if (it.sex === 'male') out.male++;
            if ((it.tags as string[]).includes('low-income')) out.lowIncome++;
          }
        }
        start = r.LastEvaluatedKey;
      } while (start);
    }
  return out;
};

describe('imports', () => {
  const HEADER = '姓名,身份证号,户籍类型,手机号,社区代码,楼栋,单元,房号,标签\n';
  const row = (name: string, id: string, c: string, extra = '') =>
    `${name},${id},户籍,,${c},1,1,101,${extra}\n`;

  it('imports valid rows, reports invalid ones, is idempotent on re-upload, and the report downloads', async () => {
    const d = await makeDistrict(env, { tier: 'basic' });
    const [a, b] = d.communities as [string, string];
    const adm = (
      await makeStaff(env, { kind: 'staff', tenantId: d.tenant.id, roles: ['district-admin'], scope: {} })
    ).accessToken;
    const ids = Array.from({ length: 6 }, (_, i) => newId(`19${50 + i}-01-0${i + 1}`));
    const legacy = '110101500101001'; // 15-digit
    const csv =
      HEADER +
      row('张一', ids[0]!, a, '低保') +
      '\n,,,,,,,,\n' + // blank lines
      row('张二', ids[1]!, b) +
      row('张三', ids[0]!, a) + // duplicate ID in the file
      row('张四', legacy, a) +
      row('张五', ids[2]!.slice(0, 17) + (ids[2]!.endsWith('1') ? '2' : '1'), a) + // bad checksum
      `张六,${ids[3]},户籍,,${a},1,1,101,,\n`.replace('户籍,,', '户籍,1380013800,') + // bad mobile
      `张七,${ids[4]},户籍,,${a},${'楼'.repeat(5000)},1,101,\n` + // huge cell
      row('张八', ids[5]!, `${a.slice(0, 9)}999`); // unknown community
    const first = await call(app, 'POST', '/api/t/imports/residents?filename=r.csv', adm, csv, {
      'content-type': 'text/csv',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ imported: 2, existing: 0, failed: 6, blankRows: 2 });
    expect(first.body.byCode).toMatchObject({
      IMPORT_DUPLICATE_ID: 1,
      RESIDENT_ID_LEGACY_15: 1,
      RESIDENT_ID_CHECKSUM: 1,
      RESIDENT_MOBILE_INVALID: 1,
      IMPORT_CELL_TOO_LONG: 1,
      IMPORT_COMMUNITY_UNKNOWN: 1, // no community of the district has this code
    });
    const report = await call(app, 'GET', `/api/t/imports/${first.body.id}/report`, adm);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/csv');
    expect(report.text).toContain('RESIDENT_ID_CHECKSUM');
    expect(report.text).not.toContain(ids[0]);
    expect((await call(app, 'GET', `/api/t/imports/${first.body.id}`, adm)).body.imported).toBe(2);

    const again = await call(app, 'POST', '/api/t/imports/residents', adm, csv, {
      'content-type': 'text/csv',
    });
    expect(again.body).toMatchObject({ imported: 0, existing: 2, failed: 6 });
    const stats = await readStats(new TenantStores(() => doc).for(d.tenant), {});
    expect(stats.residents).toBe(2);
    expect(stats.tags['low-income']).toBe(1);

    // Nothing of the bad rows was written: exactly two residents are listed.
    const listed = await call(app, 'GET', '/api/t/residents?limit=100', adm);
    expect(listed.body.items).toHaveLength(2);
    const hist = await call(app, 'GET', `/api/t/residents/${listed.body.items[0].id}/history`, adm);
    expect(hist.body.items[0]).toMatchObject({
      action: 'create',
      channel: 'import',
      importId: first.body.id,
    });
  });

  it('reads GBK and XLSX; refuses wrong formats and missing columns with nothing written', async () => {
    const d = await makeDistrict(env, { tier: 'basic' });
    const [a] = d.communities as [string];
    const w = (
      await makeStaff(env, {
        kind: 'staff',
        tenantId: d.tenant.id,
        roles: ['community-worker'],
        scope: { communityCode: a, streetCode: a.slice(0, 9) },
      })
    ).accessToken;
    const gbk = iconv.encode(`姓名,身份证号,户籍类型\n李四,${newId('1970-03-04')},流动\n`, 'gbk');
    const r1 = await call(app, 'POST', '/api/t/imports/residents', w, new Uint8Array(gbk), {
      'content-type': 'text/csv',
    });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ imported: 1, file: { encoding: 'gb18030' } });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    ws.addRow(['姓名', '身份证号', '户籍类型', '出生日期']);
    ws.addRow(['赵五', newId('1990-10-10'), '户籍', '1990-10-10']);
    ws.addRow(['钱六', newId('1991-10-10'), '户籍', '1991-02-30']); // bad date
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const form = new FormData();
    form.append('file', new Blob([xlsx]), '居民.xlsx');
    const res = await app.request('/api/t/imports/residents', {
      method: 'POST',
      headers: { authorization: `Bearer ${w}` },
      body: form,
    });
    const body = (await res.json()) as Json;
    expect(res.status).toBe(201);
    expect(body).toMatchObject({ imported: 1, failed: 1, filename: '居民.xlsx' });
    expect(body.byCode.RESIDENT_BIRTHDATE_INVALID).toBe(1);

    const missing = await call(
      app,
      'POST',
      '/api/t/imports/residents',
      w,
      '姓名,手机号\n王五,13800138000\n',
      {
        'content-type': 'text/csv',
      },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('IMPORT_MISSING_COLUMNS');
    const xls = await call(
      app,
      'POST',
      '/api/t/imports/residents',
      w,
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]),
      { 'content-type': 'application/vnd.ms-excel' },
    );
    expect(xls.status).toBe(415);
    // A GBK file refused for its header writes nothing either.
    const garbled = iconv.encode(`姓名,身份证号,户籍类型\n孙七,${newId('1980-01-01')},户籍\n`, 'utf-16be');
    expect(
      (
        await call(app, 'POST', '/api/t/imports/residents', w, new Uint8Array(garbled), {
          'content-type': 'text/csv',
        })
      ).status,
    ).toBe(400);
    const stats = await readStats(new TenantStores(() => doc).for(d.tenant), {});
    expect(stats.residents).toBe(2);

    const tpl = await app.request('/api/t/imports/template?format=csv', {
      headers: { authorization: `Bearer ${w}` },
    });
    expect(tpl.status).toBe(200);
    const text = await tpl.text();
    expect(text).toContain(a);
  });
});

describe('counters and erasure', () => {
  it('counters equal a recount after a mix of writes; erasure removes personal data and fixes counters', async () => {
    const d = await makeDistrict(env, { tier: 'standard' });
    const cs = d.communities;
    const adm = (
      await makeStaff(env, { kind: 'staff', tenantId: d.tenant.id, roles: ['district-admin'], scope: {} })
    ).accessToken;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await call(
        app,
        'POST',
        '/api/t/residents',
        adm,
        resident({
          communityCode: cs[i % 3],
          registration: i % 3 === 0 ? '流动' : '户籍',
          idNumber: newId(`19${40 + i * 4}-05-05`, i % 2 === 0),
          tags: i % 4 === 0 ? ['低保'] : [],
        }),
      );
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    await call(app, 'PATCH', `/api/t/residents/${ids[0]}`, adm, {
      communityCode: cs[1],
      registration: '户籍',
    });
    await call(app, 'PATCH', `/api/t/residents/${ids[1]}`, adm, { tags: ['低保', '残疾人'] });
    await call(app, 'POST', `/api/t/residents/${ids[2]}/move-out`, adm, { date: '2026-01-01' });
    await call(app, 'POST', `/api/t/residents/${ids[3]}/death`, adm, { date: '2026-01-02' });
    const reveal = await call(app, 'POST', `/api/t/residents/${ids[2]}/reveal`, adm, {
      fields: ['idNumber', 'name'],
      reason: '迁入登记核对',
    });
    await call(app, 'POST', '/api/t/residents/move-in', adm, {
      idNumber: reveal.body.idNumber,
      name: reveal.body.name,
      registration: '流动',
      communityCode: cs[2],
    });
    const erased = await call(app, 'POST', `/api/t/residents/${ids[4]}/erase`, adm, {
      reason: '本人申请删除个人信息',
    });
    expect(erased.status).toBe(200);

    const store = new TenantStores(() => doc).for(d.tenant);
    const stats = await readStats(store, {});
    const rc = await recount(d.tenant.id, cs, d.tenant.dataTable);
    expect(stats.residents).toBe(rc.n);
    expect(stats.registration).toEqual({ local: rc.local, migrant: rc.migrant });
    expect(stats.pyramid.reduce((s, b) => s + b.male, 0)).toBe(rc.male);
    expect(stats.tags['low-income'] ?? 0).toBe(rc.lowIncome);
    expect(stats.status).toEqual({ movedOut: rc.movedOut, deceased: rc.deceased });
    expect(rc.n).toBe(10);
    const byStreet = await readStats(store, { street: cs[0]!.slice(0, 9) });
    const byCommunity = await Promise.all(cs.map((c) => readStats(store, { community: c })));
    expect(byCommunity.reduce((s, x) => s + x.residents, 0)).toBe(stats.residents);
    expect(byStreet.residents).toBe(byCommunity[0]!.residents + byCommunity[1]!.residents);

    // Erased: the person's partition holds only a tombstone with no personal field.
    const left = await rawItemsOf(d.tenant, [`T#${d.tenant.id}#RES#${ids[4]}`]);
    expect(left.map((i) => i.sk)).toEqual(['ERASED']);
    expect(Object.keys(left[0]!).sort()).toEqual([
      'communityCode',
      'erasedAt',
      'erasedBy',
      'id',
      'pk',
      'sk',
      'type',
    ]);
    expect((await call(app, 'GET', `/api/t/residents/${ids[4]}`, adm)).status).toBe(404);

    const analytics = await call(app, 'GET', '/api/t/analytics/population', adm);
    expect(analytics.status).toBe(200);
    expect(analytics.body.residents).toBe(10);
    expect(analytics.body.pyramid).toHaveLength(21);
  });

  it('export is masked by default, needs a purpose and is audited', async () => {
    const none = await call(app, 'POST', '/api/t/exports/residents', worker, {});
    expect(none.status).toBe(400);
    const res = await call(app, 'POST', '/api/t/exports/residents', worker, { purpose: '年度入户核查' });
    expect(res.status).toBe(200);
    expect(res.text.replace(/^\uFEFF/, '').startsWith('姓名,身份证号')).toBe(true);
    expect(res.text).toMatch(/110101\*{8}/);
    expect(
      (
        await call(app, 'POST', '/api/t/exports/residents', worker, {
          purpose: '年度入户核查',
          community: C3,
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(app, 'POST', '/api/t/exports/residents', hotline, { purpose: '年度入户核查' })).status,
    ).toBe(403);
    const clear = await call(app, 'POST', '/api/t/exports/residents', worker, {
      purpose: '移交街道备案',
      unmasked: true,
    });
    expect(clear.text).toMatch(/110101\d{8}/);
    const day = new Date().toISOString().slice(0, 10);
    const audit = await rawItemsOf(district.tenant, [`T#${district.tenant.id}#AUDIT#${day}`]);
    expect(audit.some((a) => a.action === 'residents.export.unmasked' && a.reason === '移交街道备案')).toBe(
      true,
    );
  });
});

describe('demo seed', () => {
  it('seeds synthetic residents through the import item path; counters match; a rerun is skipped', async () => {
    const { seedResidents } = await import('@linli/local');
    const d = await makeDistrict(env, { tier: 'standard' });
    const n = Number(process.env.SEED_TEST_COUNT ?? 1500);
    const first = await seedResidents(env, d.tenant, n);
    console.log(`seeded ${first.written} residents in ${first.ms} ms`);
    expect(first).toMatchObject({ written: n, skipped: false });
    const store = new TenantStores(() => doc).for(d.tenant);
    const stats = await readStats(store, {});
    const rc = await recount(d.tenant.id, d.communities, d.tenant.dataTable);
    expect(stats.residents).toBe(n);
    expect(rc.n).toBe(n);
    expect(stats.registration).toEqual({ local: rc.local, migrant: rc.migrant });
    expect(stats.households).toBeGreaterThan(n / 5);
    // Housing behind the households: every household lives in an occupied (or seasonal) unit, some
    // rooms are vacant, and the counters equal the stored buildings and units.
    expect(stats.housing.occupied + stats.housing.seasonal).toBe(stats.households);
    expect(stats.housing.vacant).toBeGreaterThan(0);
    expect(stats.housing.occupancyRate).toBeGreaterThan(0.5);
    let buildings = 0;
    let units = 0;
    let grids = 0;
    for (const c of d.communities) {
      const items = await rawItemsOf(d.tenant, [`T#${d.tenant.id}#BLD#${c}`]);
      const numbers = items.filter((i) => i.type === 'building').map((i) => String(i.number));
      buildings += numbers.length;
      units += items.filter((i) => i.type === 'unit').length;
      // Every building of the community is in exactly one grid.
      const gridItems = await rawItemsOf(d.tenant, [`T#${d.tenant.id}#GRID#${c}`]);
      grids += gridItems.length;
      expect(gridItems.flatMap((g) => g.buildings as string[]).sort()).toEqual(numbers.sort());
    }
    expect(buildings).toBe(stats.buildings);
    expect(buildings).toBeGreaterThan(0);
    expect(units).toBe(stats.housing.units);
    expect(grids).toBe(stats.grids);
    expect(grids).toBeGreaterThan(0);
    expect((await seedResidents(env, d.tenant, n)).skipped).toBe(true);
    const adm = (
      await makeStaff(env, { kind: 'staff', tenantId: d.tenant.id, roles: ['district-admin'], scope: {} })
    ).accessToken;
    const page = await call(app, 'GET', `/api/t/residents?community=${d.communities[0]}&limit=5`, adm);
    expect(page.body.items).toHaveLength(5);
    const one = page.body.items[0];
    const rev = await call(app, 'POST', `/api/t/residents/${one.id}/reveal`, adm, {
      fields: ['idNumber'],
      reason: '种子数据核对',
    });
    const found = await call(app, 'GET', `/api/t/residents?idNumber=${rev.body.idNumber}`, adm);
    expect(found.body.items[0].id).toBe(one.id);
  }, 600_000);
});
