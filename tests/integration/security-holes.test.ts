/**
 * Issue 11, case by case: every hole found by trying the platform as an attacker with ordinary
 * staff accounts, reproduced through HTTP against DynamoDB Local and cognito-local. Each test
 * failed on the code before the fix (see the closing note); the standing suites
 * (tests/isolation/scope.test.ts, tests/fuzz/) then keep the whole class closed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps, LocalImportFiles, Outbox } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { TenantRegistry } from '@linli/tenancy';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const outbox = new Outbox(mkdtempSync(join(tmpdir(), 'linli-sec-')));
const { tenant: app, control } = createLocalApps(env, { throttle: false, outbox });
// The anonymous endpoints' limits are on (own namespace, so other test files never share counters).
const limited = createLocalApps(env, {
  throttle: false,
  outbox,
  anonymousLimits: { namespace: `sec-${Date.now()}` },
});
const doc = docOf(env);

// biome-ignore lint/suspicious/noExplicitAny: assertions walk untyped JSON response bodies
type Json = Record<string, any>;

const send = async (
  target: { request: typeof app.request },
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
  sourceIp?: string,
) => {
  // The source address as the Node server hands it to Hono (`incoming.socket.remoteAddress`).
  const conn = sourceIp ? { incoming: { socket: { remoteAddress: sourceIp } } } : undefined;
  const res = await target.request(
    path,
    {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    },
    conn as never,
  );
  const text = await res.text();
  let json: Json = {};
  try {
    json = text ? (JSON.parse(text) as Json) : {};
  } catch {
    json = { text };
  }
  return { status: res.status, body: json, text, headers: res.headers };
};
const call = (
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers?: Record<string, string>,
) => send(app, method, path, token, body, headers);

let seq = 101;
const idNo = (birth = '1980-03-03') => makeCitizenId('110101', birth, (seq++ * 2 + 1) % 1000);

let district: Awaited<ReturnType<typeof makeDistrict>>;
let C1: string;
let C2: string;
let C3: string;
let admin: string;
let street: string;
let worker: string;
let streetB: string;
let civil: string;
let hotline: string;
let resident: string;

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1, C2, C3] = district.communities as [string, string, string];
  const t = district.tenant.id;
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: t, roles, scope })).accessToken;
  // A resident's membership on a signed-in user (the staff pool has no `resident` group).
  const mkResident = async () => {
    const u = await makeStaff(env, { kind: 'staff', tenantId: t, roles: [], scope: {} });
    const registry = new TenantRegistry(doc, env.tables.control);
    const m = await registry.getMembership(u.sub);
    await registry.putMembership({ ...m!, kind: 'resident', roles: ['resident'] });
    return u.accessToken;
  };
  [admin, street, worker, streetB, civil, hotline, resident] = await Promise.all([
    mk(['district-admin'], {}),
    mk(['street-staff'], { streetCode: C1.slice(0, 9) }),
    mk(['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
    mk(['street-staff'], { streetCode: C3.slice(0, 9) }),
    mk(['department-staff'], { department: 'civil-affairs' }),
    mk(['call-centre-operator'], {}),
    mkResident(),
  ]);
});

const rawPartition = async (pk: string) =>
  (
    await doc.send(
      new QueryCommand({
        TableName: district.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#${pk}` },
      }),
    )
  ).Items ?? [];

const refused = (status: number) => status >= 400 && status < 500;

describe('case 1: a community code as a number or with a space is a 400, never a write elsewhere', () => {
  it('buildings, housing units, grids, households and organizations refuse every other representation', async () => {
    const reps = (code: string) => [Number(code), ` ${code}`, `${code} `, `0${code}`];
    for (const [token, other] of [
      [worker, C2],
      [worker, C3],
      [street, C3],
    ] as const) {
      for (const cc of reps(other)) {
        const b = await call('POST', '/api/t/buildings', token, { communityCode: cc, number: 'X1' });
        expect(refused(b.status), `building ${JSON.stringify(cc)} → ${b.status}`).toBe(true);
        const u = await call('POST', '/api/t/housing-units', token, {
          communityCode: cc,
          building: 'X1',
          room: '101',
          tenure: 'owned',
          occupancy: 'occupied',
        });
        expect(refused(u.status), `unit ${JSON.stringify(cc)} → ${u.status}`).toBe(true);
        const g = await call('POST', '/api/t/grids', token, {
          communityCode: cc,
          code: 'G1',
          name: '一网格',
          buildings: [],
        });
        expect(refused(g.status), `grid ${JSON.stringify(cc)} → ${g.status}`).toBe(true);
        const h = await call('POST', '/api/t/households', token, {
          householdRef: `HX${seq++}`,
          communityCode: cc,
          type: 'collective',
          members: [],
        });
        expect(refused(h.status), `household ${JSON.stringify(cc)} → ${h.status}`).toBe(true);
        const o = await call('POST', '/api/t/organizations', token, {
          communityCode: cc,
          name: '志愿队',
          type: 'volunteer-team',
        });
        expect(refused(o.status), `organization ${JSON.stringify(cc)} → ${o.status}`).toBe(true);
      }
      expect(await rawPartition(`BLDG#${other}`)).toEqual([]);
    }
  });

  it('an existing building of another community is not overwritten, nor an organization moved out', async () => {
    const made = await call('POST', '/api/t/buildings', admin, { communityCode: C2, number: '9', floors: 6 });
    expect(made.status).toBe(201);
    const over = await call('POST', '/api/t/buildings', worker, {
      communityCode: Number(C2),
      number: '9',
      floors: 1,
      version: 1,
    });
    expect(refused(over.status)).toBe(true);
    const list = await call('GET', `/api/t/buildings?community=${C2}`, admin);
    expect(list.body.items.find((b: Json) => b.value.number === '9').value.floors).toBe(6);

    const org = await call('POST', '/api/t/organizations', worker, {
      communityCode: C1,
      name: '书画社',
      type: 'civil-organization',
    });
    expect(org.status).toBe(201);
    for (const cc of [Number(C2), ` ${C3}`]) {
      const moved = await call('PATCH', `/api/t/organizations/${org.body.id}`, worker, {
        communityCode: cc,
        version: 1,
      });
      expect(refused(moved.status), `PATCH org to ${JSON.stringify(cc)} → ${moved.status}`).toBe(true);
    }
    const still = await call('GET', `/api/t/organizations/${org.body.id}`, admin);
    expect(still.body.communityCode).toBe(C1);
  });
});

const person = (over: Record<string, unknown> = {}) => ({
  name: '赵大伟',
  idNumber: idNo(),
  registration: '户籍',
  mobile: `137${String(10_000_000 + seq * 7919).slice(-8)}`,
  communityCode: C3,
  tags: [],
  ...over,
});

describe('cases 2 and 3: move-in is a transfer the source confirms, and reviewed fields are reviewed', () => {
  it('a worker cannot take a resident of another street by ID number; the source street confirms', async () => {
    const p = person();
    const made = await call('POST', '/api/t/residents', admin, p);
    expect(made.status).toBe(201);
    expect((await call('GET', `/api/t/residents/${made.body.id}`, worker)).status).toBe(404);

    const moved = await call('POST', '/api/t/residents/move-in', worker, { ...p, communityCode: C1 });
    expect(moved.status).toBe(202);
    expect(moved.body.review).toMatchObject({ status: 'pending', action: 'move-in' });
    // Nothing moved: the resident is still in C3 and the worker still cannot see or reveal them.
    expect((await call('GET', `/api/t/residents/${made.body.id}`, admin)).body.communityCode).toBe(C3);
    const reveal = await call('POST', `/api/t/residents/${made.body.id}/reveal`, worker, {
      fields: ['mobile'],
      reason: '核实联系方式',
    });
    expect(reveal.status).toBe(404);
    expect(moved.text).not.toContain(p.mobile.slice(-4));

    // The source street sees it in its queue and approves; then the resident is in C1.
    const queue = await call('GET', '/api/t/reviews', streetB);
    expect(queue.body.items.map((r: Json) => r.id)).toContain(moved.body.review.id);
    // The target's own street may not confirm a transfer out of another street.
    expect((await call('POST', `/api/t/reviews/${moved.body.review.id}/approve`, street, {})).status).toBe(
      404,
    );
    const ok = await call('POST', `/api/t/reviews/${moved.body.review.id}/approve`, streetB, {});
    expect(ok.status).toBe(200);
    const now = await call('GET', `/api/t/residents/${made.body.id}`, worker);
    expect(now.status).toBe(200);
    expect(now.body.communityCode).toBe(C1);
  });

  it('a name, registration or tag change carried by move-in is parked like the same PATCH', async () => {
    const p = person({ communityCode: C1 });
    const made = await call('POST', '/api/t/residents', worker, p);
    expect(made.status).toBe(201);
    const out = await call('POST', `/api/t/residents/${made.body.id}/move-out`, worker, {
      date: '2026-01-01',
    });
    expect(out.status).toBe(200);
    const back = await call('POST', '/api/t/residents/move-in', worker, {
      ...p,
      name: '赵大卫',
      registration: '流动',
      tags: ['低保'],
    });
    expect(back.status).toBe(202);
    const raw = await call('POST', `/api/t/residents/${made.body.id}/reveal`, admin, {
      fields: ['name', 'registration'],
      reason: '核对迁入信息',
    });
    expect(raw.body.name).toBe('赵大伟');
    expect(raw.body.registration).toBe('local');
  });
});

describe('case 4: filters obey masking', () => {
  it('call-centre and department staff may not filter by tags or address', async () => {
    for (const token of [hotline, civil]) {
      for (const tag of ['party-member', 'disabled', 'low-income']) {
        const r = await call('GET', `/api/t/residents?tag=${tag}`, token);
        expect(r.status, `tag=${tag}`).toBe(403);
        expect(r.body.code).toBe('FILTER_NOT_ALLOWED');
      }
    }
    const byBuilding = await call('GET', `/api/t/residents?community=${C1}&building=3`, hotline);
    expect(byBuilding.status).toBe(403);
    // Positive control: a worker may filter by tag in their community.
    expect((await call('GET', '/api/t/residents?tag=low-income', worker)).status).toBe(200);
  });
});

describe('case 5: bad input is a 4xx, never a 500', () => {
  it('a tampered cursor of one’s own tenant is 400 CURSOR_INVALID on list routes', async () => {
    for (let i = 0; i < 3; i++)
      await call('POST', '/api/t/buildings', admin, { communityCode: C1, number: `T${i}` });
    const page = await call('GET', `/api/t/buildings?community=${C1}&limit=1`, admin);
    expect(page.status).toBe(200);
    const cursor = page.body.cursor as string;
    expect(cursor).toBeTruthy();
    const t = district.tenant.id;
    const forged = [
      Buffer.from(JSON.stringify({ pk: `T#${t}#BLDG#${C1}` })).toString('base64url'),
      Buffer.from(JSON.stringify({ pk: `T#${t}#BLDG#${C1}`, sk: 'B#T0', extra: 1 })).toString('base64url'),
      Buffer.from(JSON.stringify({ pk: `T#${t}#RES#${C1}`, sk: 'x', gsi1pk: `T#${t}#x` })).toString(
        'base64url',
      ),
      `${cursor.slice(0, -2)}AA`,
      'not-a-cursor',
    ];
    for (const path of [
      `/api/t/buildings?community=${C1}&limit=1`,
      `/api/t/residents?community=${C1}&limit=1`,
      `/api/t/households?community=${C1}&limit=1`,
      '/api/t/reviews?limit=1',
      `/api/t/residents/stale?community=${C1}&limit=1`,
    ]) {
      for (const c of forged) {
        const r = await call('GET', `${path}&cursor=${encodeURIComponent(c)}`, admin);
        expect(r.status, `${path} ${c}`).toBe(400);
        expect(r.body.code).toBe('CURSOR_INVALID');
      }
    }
    // A cursor is bound to its route and query: buildings' cursor on another community or route.
    const moved = await call('GET', `/api/t/buildings?community=${C2}&limit=1&cursor=${cursor}`, admin);
    expect(moved.body.code).toBe('CURSOR_INVALID');
    const next = await call('GET', `/api/t/buildings?community=${C1}&limit=1&cursor=${cursor}`, admin);
    expect(next.status).toBe(200);
  });

  it('a household PATCH naming the same person twice is a 400', async () => {
    const head = person({ communityCode: C1 });
    const r = await call('POST', '/api/t/residents', worker, head);
    const ref = `D${seq++}`;
    const made = await call('POST', '/api/t/households', worker, {
      householdRef: ref,
      communityCode: C1,
      type: 'family',
      members: [{ idNumber: head.idNumber, relationship: '02' }],
    });
    expect(made.status).toBe(201);
    for (const members of [
      [
        { residentId: r.body.id, relationship: '02' },
        { residentId: r.body.id, relationship: '10' },
      ],
      [
        { idNumber: head.idNumber, relationship: '02' },
        { idNumber: head.idNumber, relationship: '10' },
      ],
      [
        { residentId: r.body.id, relationship: '02' },
        { idNumber: head.idNumber, relationship: '10' },
      ],
    ]) {
      const twice = await call('PATCH', `/api/t/households/${ref}`, worker, { version: 1, members });
      expect(twice.status, JSON.stringify(members)).toBe(400);
    }
  });

  it('numbers DynamoDB cannot store are a 400, also on the anonymous join draft', async () => {
    const draft = await send(control, 'POST', '/api/join/drafts', undefined, {
      profile: {
        areaType: 'urban-core',
        development: 'developed',
        population: 1000,
        migrantSharePercent: 1e-300,
        broadbandPercent: 50,
        lowIncomePercent: 1,
      },
    });
    expect(draft.status).toBe(400);
    const unit = await call('POST', '/api/t/housing-units', admin, {
      communityCode: C1,
      building: 'T0',
      room: '1',
      areaSqm: 1e-300,
      tenure: 'owned',
      occupancy: 'occupied',
    });
    expect(unit.status).toBe(400);
    const huge = await call(
      'POST',
      '/api/t/buildings',
      admin,
      '{"communityCode":"' + C1 + '","number":"Z","floors":1e400}',
    );
    expect(huge.status).toBe(400);
  });

  it('a thematic record with an unbounded array is refused (413/400), not a 500', async () => {
    const p = await call('POST', '/api/t/residents', admin, person({ communityCode: C1 }));
    const big = await call('POST', '/api/t/thematic/disability', civil, {
      subjectId: p.body.id,
      data: { category: 'visual', grade: 2, subsidies: Array.from({ length: 60_000 }, () => 'living') },
    });
    expect([400, 413]).toContain(big.status);
  });
});

describe('case 6: anonymous endpoints are limited and drafts need the applicant’s secret', () => {
  const ip = (n: number) => `198.51.100.${n}`;

  it('a burst of join drafts from one address is throttled with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i++) {
      const r = await send(limited.control, 'POST', '/api/join/drafts', undefined, {}, {}, ip(7));
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 201).length).toBeLessThan(60);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await send(limited.control, 'POST', '/api/join/drafts', undefined, {}, {}, ip(8))).status).toBe(
      201,
    );
  });

  it('verification codes to one mobile number are limited across fresh drafts', async () => {
    const mobile = `135${String(Date.now()).slice(-8)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await send(
        limited.control,
        'POST',
        '/api/join/drafts',
        undefined,
        {
          admin: { name: '钱主任', mobile, email: `q${i}@example.gov.cn` },
        },
        {},
        ip(20 + i),
      );
      expect(d.status).toBe(201);
      const s = await send(
        limited.control,
        'POST',
        `/api/join/drafts/${d.body.id}/code`,
        undefined,
        { channel: 'sms' },
        { 'x-linli-draft-secret': d.body.secret },
        ip(20 + i),
      );
      statuses.push(s.status);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
  });

  it('a draft is read only with its secret, and shows the mobile masked', async () => {
    const d = await send(control, 'POST', '/api/join/drafts', undefined, {
      admin: { name: '孙主任', mobile: '13912345678', email: 'sun@example.gov.cn' },
    });
    expect(d.status).toBe(201);
    expect(typeof d.body.secret).toBe('string');
    const anon = await send(control, 'GET', `/api/join/drafts/${d.body.id}`);
    expect(anon.status).toBe(404);
    expect(anon.text).not.toContain('13912345678');
    const wrong = await send(control, 'GET', `/api/join/drafts/${d.body.id}`, undefined, undefined, {
      'x-linli-draft-secret': 'x'.repeat(43),
    });
    expect(wrong.status).toBe(404);
    const mine = await send(control, 'GET', `/api/join/drafts/${d.body.id}`, undefined, undefined, {
      'x-linli-draft-secret': d.body.secret,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.admin.mobile).toBe('139****5678');
    expect(mine.text).not.toContain('13912345678');
    const patch = await send(control, 'PATCH', `/api/join/drafts/${d.body.id}`, undefined, {
      tierRequested: 'basic',
    });
    expect(patch.status).toBe(404);
  });
});

describe('case 7: the smaller holes', () => {
  it('the hotline cannot open households', async () => {
    const list = await call('GET', `/api/t/households?community=${C1}`, hotline);
    expect(list.status).toBe(403);
    expect(list.text).not.toContain('relationship');
  });

  it('a reveal reason of zero-width spaces or NUL characters is refused', async () => {
    const p = await call('POST', '/api/t/residents', worker, person({ communityCode: C1 }));
    for (const reason of [
      '\u200b\u200b\u200b\u200b',
      '\u0000\u0000\u0000\u0000',
      '\u3000\u3000\u3000\u3000',
      'ab\u0000cd',
    ]) {
      const r = await call('POST', `/api/t/residents/${p.body.id}/reveal`, worker, {
        fields: ['name'],
        reason,
      });
      expect(r.status, JSON.stringify(reason)).toBe(400);
    }
  });

  it('a resident token cannot read the population settings', async () => {
    expect((await call('GET', '/api/t/population/settings', resident)).status).toBe(403);
    expect((await call('GET', '/api/t/population/settings', worker)).status).toBe(200);
  });

  it('settings lists are bounded and without duplicates', async () => {
    const base = { fourEyes: true, reviewActions: ['death'], staleAfterDays: 365 };
    const huge = await call('PUT', '/api/t/population/settings', admin, {
      ...base,
      reviewFields: Array.from({ length: 80_000 }, () => 'name'),
    });
    expect([400, 413]).toContain(huge.status);
    const dup = await call('PUT', '/api/t/population/settings', admin, {
      ...base,
      reviewFields: ['name', 'name', 'tags'],
    });
    expect(dup.status).toBe(400);
    const s = await call('GET', '/api/t/population/settings', admin);
    expect(s.body.reviewFields).toContain('idNumber');
  });

  it('an upload form is single-use, and files of jobs never started are swept', async () => {
    let now = Date.now();
    const files = new LocalImportFiles(mkdtempSync(join(tmpdir(), 'linli-up-')), () => now);
    const t = district.tenant.id;
    const [jobA, jobB] = ['01JA0000000000000000000000', '01JB0000000000000000000000'];
    const target = await files.target(t, jobA, { contentType: 'text/csv', maxBytes: 100 });
    const form = () => {
      const f = new FormData();
      for (const [k, v] of Object.entries(target.fields)) f.append(k, v);
      f.append('file', new Blob(['姓名,身份证号\n']), 'a.csv');
      return new Request('http://localhost/local-uploads', { method: 'POST', body: f });
    };
    expect((await files.receive(form())).status).toBe(204);
    // The job ran and its file was removed: the same form must not put a file back.
    await files.remove(t, jobA);
    expect((await files.receive(form())).status).toBe(403);
    expect(await files.exists(t, jobA)).toBe(false);
    // A job never started: its file goes after a day.
    const b = await files.target(t, jobB, { contentType: 'text/csv', maxBytes: 100 });
    const fb = new FormData();
    for (const [k, v] of Object.entries(b.fields)) fb.append(k, v);
    fb.append('file', new Blob(['x']), 'b.csv');
    expect(
      (await files.receive(new Request('http://localhost/local-uploads', { method: 'POST', body: fb })))
        .status,
    ).toBe(204);
    expect(await files.sweep()).toBe(0);
    now += 2 * 86_400_000;
    expect(await files.sweep()).toBeGreaterThan(0);
    expect(await files.exists(t, jobB)).toBe(false);
  });
});
