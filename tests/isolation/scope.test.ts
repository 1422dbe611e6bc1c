/**
 * Scope inside one district (issue 11), beside the isolation suite that covers districts against
 * each other. EVERY write route of the tenant OpenAPI document (enumerated from the document, so a
 * new route is covered without editing this file) is tried by each staff role against a target
 * outside its scope, in every representation: the other community of the same street, a community
 * of another street, each as a string, a JSON number, padded with spaces, in full-width digits and
 * with a zero-width space inside; the caller's own community in the non-canonical forms; records
 * (residents, buildings, organizations, households, thematic records, reviews, import jobs,
 * residents' meetings) of other communities by id; and a transfer whose source is another
 * community. Every attempt is refused with a 4xx — except a transfer, which may become a review
 * (202) the source confirms — and the district's items are unchanged afterwards (test-only Scan,
 * audit included).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const { tenant: app } = createLocalApps(env, { throttle: false });
const doc = docOf(env);

const WRITE = new Set(['post', 'put', 'patch', 'delete']);
interface Op {
  readonly method: string;
  readonly path: string;
}
let writeRoutes: Op[] = [];

let district: Awaited<ReturnType<typeof makeDistrict>>;
let C1: string;
let C2: string;
let C3: string;
const tokens: Record<string, string> = {};
/** Records of the victim communities (C2: same street as C1; C3: another street). */
const victims: Record<string, Record<string, string>> = {};
let ownResident = '';
let ownOrg = '';
let ownBranch = '';
let seq = 500;
const idNo = () => makeCitizenId('110101', '1975-05-05', (seq++ * 2 + 1) % 1000);

const person = (communityCode: unknown, over: Json = {}) => ({
  name: '钱多多',
  idNumber: idNo(),
  registration: '户籍',
  mobile: `136${String(10_000_000 + seq * 7919).slice(-8)}`,
  communityCode,
  ...over,
});

const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Every way a community code may be written that is not the code itself, and the code. */
const representations = (code: string): unknown[] => [
  code,
  Number(code),
  ` ${code}`,
  `${code} `,
  code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  `${code.slice(0, 6)}\u200b${code.slice(6)}`,
];
/** The caller's own community in non-canonical forms (must be a 400, never a write). */
const nonCanonical = (code: string) => representations(code).slice(1);

beforeAll(async () => {
  const [docRes] = await Promise.all([app.request('/api/t/openapi.json')]);
  const d = (await docRes.json()) as { paths: Record<string, Record<string, unknown>> };
  writeRoutes = Object.entries(d.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => WRITE.has(m))
      .map((m) => ({ method: m.toUpperCase(), path })),
  );

  district = await makeDistrict(env, { tier: 'standard' });
  [C1, C2, C3] = district.communities as [string, string, string];
  const t = district.tenant.id;
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: t, roles, scope })).accessToken;
  [tokens.admin, tokens.street, tokens.worker, tokens.workerC3, tokens.civil, tokens.hotline] =
    await Promise.all([
      mk(['district-admin'], {}),
      mk(['street-staff'], { streetCode: C1.slice(0, 9) }),
      mk(['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
      mk(['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
      mk(['department-staff'], { department: 'civil-affairs' }),
      mk(['call-centre-operator'], {}),
    ]);
  const admin = tokens.admin!;
  const must = async (p: Promise<{ status: number; body: Json }>, what: string) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  for (const c of [C2, C3]) {
    const p = person(c);
    const r = await must(call(app, 'POST', '/api/t/residents', admin, p), 'resident');
    await must(call(app, 'POST', '/api/t/buildings', admin, { communityCode: c, number: 'V1' }), 'building');
    const o = await must(
      call(app, 'POST', '/api/t/organizations', admin, {
        communityCode: c,
        name: '老年协会',
        type: 'civil-organization',
      }),
      'organization',
    );
    const ref = `V${c.slice(-4)}${seq++}`;
    await must(
      call(app, 'POST', '/api/t/households', admin, {
        householdRef: ref,
        communityCode: c,
        type: 'family',
        members: [{ idNumber: p.idNumber, relationship: '02' }],
      }),
      'household',
    );
    await must(
      call(app, 'POST', '/api/t/grids', admin, {
        communityCode: c,
        code: 'GV',
        name: '一网格',
        buildings: ['V1'],
      }),
      'grid',
    );
    const th = await must(
      call(app, 'POST', '/api/t/thematic/disability', tokens.civil, {
        subjectId: r.id,
        data: { category: 'visual', grade: 2 },
      }),
      'thematic',
    );
    const meeting = await must(
      call(app, 'POST', '/api/t/community/meetings', admin, {
        communityCode: c,
        kind: 'building',
        title: '楼道堆物清理',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        place: '1号楼下',
        convener: '楼栋长',
        agenda: ['清理时间'],
      }),
      'meeting',
    );
    // A volunteer of the community's civil organization, with hours on one of its activities.
    const vol = await must(
      call(app, 'POST', '/api/t/community/volunteers', admin, { residentId: r.id, teams: [o.id] }),
      'volunteer',
    );
    const act = await must(
      call(app, 'POST', '/api/t/community/volunteer-activities', admin, {
        orgId: o.id,
        date: chinaToday(),
        title: '义诊',
        place: '活动室',
        participants: 3,
        hours: [{ volunteerId: vol.id, minutes: 120 }],
      }),
      'volunteer activity',
    );
    // 社区党建: a branch of the community with one member (by name).
    const br = await must(
      call(app, 'POST', '/api/t/community/party/branches', admin, {
        communityCode: c,
        name: '社区党支部',
        kind: 'branch',
        secretary: '刘红',
        foundedOn: '2020-07-01',
      }),
      'party branch',
    );
    const pm = await must(
      call(app, 'POST', `/api/t/community/party/branches/${br.id}/members`, admin, {
        name: '周红梅',
        standing: 'full',
        joinedOn: '1999-07-01',
      }),
      'party member',
    );
    victims[c] = {
      resident: r.id,
      idNumber: p.idNumber,
      org: o.id,
      household: ref,
      thematic: th.id,
      meeting: meeting.id,
      volunteer: vol.id,
      activity: act.activity.id,
      branch: br.id,
      member: pm.id,
    };
  }
  ownBranch = (
    await must(
      call(app, 'POST', '/api/t/community/party/branches', admin, {
        communityCode: C1,
        name: '本社区党支部',
        kind: 'branch',
        secretary: '王强',
        foundedOn: '2019-07-01',
      }),
      'own party branch',
    )
  ).id;
  // A pending review about C3's resident (the C3 worker changes a reviewed field).
  const parked = await must(
    call(app, 'PATCH', `/api/t/residents/${victims[C3]!.resident}`, tokens.workerC3, { name: '钱少少' }),
    'review',
  );
  victims[C3]!.review = parked.review.id;
  const job = await call(app, 'POST', '/api/t/imports', admin, {
    filename: 'a.csv',
    size: 10,
    community: C3,
  });
  victims[C3]!.job = job.body.id ?? '01JZZZZZZZZZZZZZZZZZZZZZZZ';
  ownResident = (await must(call(app, 'POST', '/api/t/residents', admin, person(C1)), 'own resident')).id;
  ownOrg = (
    await must(
      call(app, 'POST', '/api/t/organizations', admin, {
        communityCode: C1,
        name: '书画社',
        type: 'volunteer-team',
      }),
      'own org',
    )
  ).id;
}, 120_000);

/** The attempts a role makes on one write route against community `victim` (any representation). */
interface Attempt {
  readonly url: string;
  readonly body?: unknown;
  /** The attempt names its target by a community code (in one of its representations). */
  readonly carriesCode: boolean;
}
const attemptsFor = (op: Op, victim: string, reps: unknown[], role: string): Attempt[] => {
  const v = victims[victim] ?? victims[C3]!;
  // A department's own kinds are district-wide; outside its scope are the other departments' kinds.
  const kind = role === 'department-staff' ? 'employment-registration' : 'disability';
  const fill = (path: string) =>
    path
      .replace('{volunteerId}', v.volunteer!)
      .replace('{ref}', v.household!)
      .replace('{kind}', kind)
      .replace('{key}', 'civil-affairs')
      .replace('{member}', v.member!)
      .replace('{id}', () => {
        if (path.includes('/party/branches/')) return v.branch!;
        if (path.includes('/reviews/')) return victims[C3]!.review!;
        if (path.includes('/volunteers/')) return v.volunteer!;
        if (path.includes('/volunteer-activities/')) return v.activity!;
        if (path.includes('/organizations/')) return v.org!;
        if (path.includes('/thematic/')) return v.thematic!;
        if (path.includes('/imports/')) return victims[C3]!.job!;
        if (path.includes('/community/meetings/')) return v.meeting!;
        return v.resident!;
      });
  const url = fill(op.path);
  const key = `${op.method} ${op.path}`;
  const all: { url: string; body?: unknown; carriesCode?: boolean }[] = [];
  const out = {
    push: (a: { url: string; body?: unknown }) => {
      const b = (typeof a.body === 'object' ? a.body : undefined) as Json | undefined;
      const carriesCode =
        Object.is(b?.communityCode, currentCode) ||
        Object.is(b?.community, currentCode) ||
        (typeof currentCode === 'string' && a.url.includes(`community=${encodeURIComponent(currentCode)}`));
      all.push({ ...a, carriesCode });
    },
  };
  let currentCode: unknown;
  for (const cc of reps) {
    currentCode = cc;
    switch (key) {
      case 'POST /api/t/residents':
        out.push({ url, body: person(cc) });
        break;
      case 'POST /api/t/residents/move-in':
        out.push({ url, body: person(cc) });
        // The transfer source: a resident of the victim community, moved into the caller's own.
        out.push({ url, body: person(C1, { idNumber: v.idNumber }) });
        break;
      case 'PATCH /api/t/residents/{id}':
        out.push({ url, body: { building: '9' } });
        out.push({ url: op.path.replace('{id}', ownResident), body: { communityCode: cc } });
        break;
      case 'POST /api/t/households':
        out.push({
          url,
          body: { householdRef: `N${seq++}`, communityCode: cc, type: 'collective', members: [] },
        });
        out.push({
          url,
          body: { householdRef: v.household, communityCode: C1, type: 'collective', members: [] },
        });
        break;
      case 'PATCH /api/t/households/{ref}':
        out.push({ url, body: { version: 1, room: '909' } });
        break;
      case 'POST /api/t/buildings':
        out.push({ url, body: { communityCode: cc, number: 'V1', floors: 2, version: 1 } });
        break;
      case 'POST /api/t/housing-units':
        out.push({
          url,
          body: { communityCode: cc, building: 'V1', room: '101', tenure: 'owned', occupancy: 'occupied' },
        });
        break;
      case 'POST /api/t/grids':
        out.push({ url, body: { communityCode: cc, code: 'GV', name: '改', buildings: [], version: 1 } });
        break;
      case 'POST /api/t/organizations':
        out.push({ url, body: { communityCode: cc, name: '新组织', type: 'volunteer-team' } });
        break;
      case 'PATCH /api/t/organizations/{id}':
        out.push({ url, body: { name: '改名', version: 1 } });
        out.push({ url: op.path.replace('{id}', ownOrg), body: { communityCode: cc, version: 1 } });
        break;
      case 'POST /api/t/imports':
        out.push({ url, body: { filename: 'a.csv', size: 10, community: cc } });
        break;
      case 'POST /api/t/imports/residents':
      case 'POST /api/t/imports/residents/preview':
        // In a query string a number is its digits: only the string forms are distinct here.
        if (typeof cc !== 'string') break;
        out.push({ url: `${url}?community=${encodeURIComponent(String(cc))}`, body: '姓名,身份证号\n' });
        break;
      case 'POST /api/t/exports/residents':
        out.push({ url, body: { purpose: '核对数据', community: cc } });
        break;
      case 'POST /api/t/residents/{id}/move-out':
      case 'POST /api/t/residents/{id}/death':
        out.push({ url, body: { date: '2026-01-02' } });
        break;
      case 'POST /api/t/residents/{id}/erase':
      case 'POST /api/t/thematic/{kind}/{id}/reveal':
        out.push({ url, body: { reason: '核实信息需要' } });
        break;
      case 'POST /api/t/residents/{id}/reveal':
        out.push({ url, body: { fields: ['mobile'], reason: '核实信息需要' } });
        break;
      case 'POST /api/t/thematic/{kind}':
        out.push({ url, body: { subjectId: v.resident, data: { category: 'visual', grade: 1 } } });
        break;
      case 'PATCH /api/t/thematic/{kind}/{id}':
        out.push({ url, body: { data: { grade: 3 } } });
        break;
      case 'POST /api/t/community/meetings':
        out.push({
          url,
          body: {
            communityCode: cc,
            kind: 'hearing',
            title: '协调会',
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            place: '居委会',
            convener: '居委会',
            agenda: ['议题'],
          },
        });
        break;
      case 'PUT /api/t/community/meetings/{id}/attendance':
        out.push({ url, body: { version: 1, attendees: [{ residentId: v.resident }], headCount: 3 } });
        break;
      case 'POST /api/t/community/meetings/{id}/hold':
        out.push({ url, body: { version: 1 } });
        break;
      case 'PUT /api/t/community/meetings/{id}/minutes':
        out.push({ url, body: { version: 1, items: [{ agendaId: 'a1', discussion: '改' }] } });
        break;
      case 'POST /api/t/community/meetings/{id}/publish':
        out.push({ url, body: { version: 1, notice: true } });
        break;
      case 'POST /api/t/community/meetings/{id}/corrections':
        out.push({ url, body: { version: 1, item: { agendaId: 'a1', discussion: '改' }, reason: '笔误' } });
        break;
      // Civil organizations: the victim community's resident, team, volunteer and activity, and
      // the caller's own team with the victim's volunteer.
      case 'POST /api/t/community/volunteers':
        out.push({ url, body: { residentId: v.resident, teams: [v.org] } });
        out.push({ url, body: { residentId: ownResident, teams: [v.org] } });
        break;
      case 'PATCH /api/t/community/volunteers/{id}':
        out.push({ url, body: { status: 'inactive', expectedVersion: 1 } });
        break;
      case 'POST /api/t/community/volunteer-activities': {
        const act = { date: chinaToday(), title: '越权活动', place: '—', participants: 1 };
        out.push({ url, body: { ...act, orgId: v.org, hours: [{ volunteerId: v.volunteer, minutes: 60 }] } });
        out.push({
          url,
          body: { ...act, orgId: ownOrg, hours: [{ volunteerId: v.volunteer, minutes: 60 }] },
        });
        break;
      }
      case 'POST /api/t/community/volunteer-activities/{id}/hours':
        out.push({ url, body: { volunteerId: v.volunteer, minutes: 60 } });
        break;
      case 'POST /api/t/community/volunteer-activities/{id}/hours/{volunteerId}/correction':
        out.push({ url, body: { minutes: 30, reason: '核对签到表', expectedVersion: 1 } });
        break;
      case 'POST /api/t/community/party/branches':
        out.push({
          url,
          body: {
            communityCode: cc,
            name: '新党支部',
            kind: 'branch',
            secretary: '刘',
            foundedOn: '2020-01-01',
          },
        });
        break;
      case 'POST /api/t/community/party/branches/{id}/members': {
        const consent = { method: 'written', givenOn: '2026-01-02' };
        out.push({ url, body: { name: '新党员', standing: 'full', joinedOn: '2001-07-01' } });
        out.push({
          url,
          body: { residentId: ownResident, consent, standing: 'full', joinedOn: '2001-07-01' },
        });
        // Another community's resident linked into the caller's own branch.
        out.push({
          url: op.path.replace('{id}', ownBranch),
          body: { residentId: v.resident, consent, standing: 'full', joinedOn: '2001-07-01' },
        });
        break;
      }
      case 'PATCH /api/t/community/party/branches/{id}/members/{member}':
        out.push({ url, body: { version: 1, standing: 'probationary' } });
        out.push({ url, body: { version: 1, transferOut: { date: '2026-01-02', to: '外区' } } });
        break;
      case 'POST /api/t/community/party/branches/{id}/members/{member}/reveal':
        out.push({ url, body: { reason: '核实信息需要' } });
        break;
      case 'POST /api/t/community/party/branches/{id}/meetings':
        out.push({
          url,
          body: {
            kind: 'committee',
            date: '2026-01-05',
            topic: '支委会',
            place: '活动室',
            host: '刘',
            attendance: [{ memberId: v.member, present: true }],
          },
        });
        break;
      default:
        // A route this file does not know yet: the generic attempt (its community, its records).
        all.push({ url, body: { communityCode: cc, community: cc }, carriesCode: false });
    }
  }
  const seen = new Set<string>();
  return all
    .filter((a) => {
      const k = `${a.url} ${JSON.stringify(a.body)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((a) => ({ url: a.url, body: a.body, carriesCode: !!a.carriesCode }));
};

/** Every item of the district (test-only Scan; audit and counters included). */
const snapshot = async () => {
  const items: Json[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({
        TableName: district.tenant.dataTable,
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as Json[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items.map((i) => JSON.stringify(i)).sort();
};

/** Who tries what: each staff role with the communities outside its scope. */
const ROLES = () => [
  { role: 'community-worker', token: tokens.worker!, outside: [C2, C3], own: C1 },
  { role: 'street-staff', token: tokens.street!, outside: [C3], own: C1 },
  { role: 'department-staff', token: tokens.civil!, outside: [C2, C3], own: C1 },
  { role: 'call-centre-operator', token: tokens.hotline!, outside: [C2, C3], own: C1 },
  // The district admin has no "outside" inside the district: its own codes in other forms only.
  { role: 'district-admin', token: tokens.admin!, outside: [] as string[], own: C1 },
];

describe('scope inside a district: every write route, every role, every representation', () => {
  it('enumerates the write routes from the OpenAPI document (the floor of this suite)', () => {
    expect(writeRoutes.length).toBeGreaterThanOrEqual(25);
    expect(writeRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/t/buildings',
        'POST /api/t/residents/move-in',
        'PATCH /api/t/organizations/{id}',
      ]),
    );
  });

  it('refuses every out-of-scope target with a 4xx and writes nothing', async () => {
    let routesTried = 0;
    let attempts = 0;
    const failures: string[] = [];
    for (const op of writeRoutes) {
      const before = await snapshot();
      let movedIn = false;
      for (const r of ROLES()) {
        const targets = [
          ...r.outside.flatMap((victim) => attemptsFor(op, victim, representations(victim), r.role)),
          // The own community written any other way; the admin only where the code is the target.
          ...attemptsFor(op, C3, nonCanonical(r.own), r.role).filter(
            (a) =>
              r.role !== 'district-admin' ||
              (a.carriesCode && !op.path.startsWith('/api/t/imports/residents')),
          ),
        ];
        for (const a of targets) {
          const isRaw = typeof a.body === 'string';
          const res = await call(
            app,
            op.method,
            a.url,
            r.token,
            a.body,
            isRaw ? { 'content-type': 'text/csv' } : {},
          );
          attempts++;
          const transfer = op.path === '/api/t/residents/move-in' && res.status === 202;
          if (transfer) movedIn = true;
          // The district admin's canonical targets are in scope; its own code in other forms is not.
          const adminInScope = r.role === 'district-admin' && res.status < 300 && !transfer;
          if (adminInScope || transfer) continue;
          if (res.status < 400 || res.status >= 500)
            failures.push(
              `${r.role} ${op.method} ${a.url} ${JSON.stringify(a.body)?.slice(0, 80)} → ${res.status}`,
            );
        }
      }
      routesTried++;
      const after = await snapshot();
      // A transfer may park a review (and its audit entry) in the source street's queue: nothing else.
      const settled = (xs: string[]) =>
        movedIn
          ? xs.filter(
              (x) =>
                !/"sk":"REVIEW#|"action":"residents\.propose\.move-in"|"action":"POST \/api\/t\/residents\/move-in"/.test(
                  x,
                ),
            )
          : xs;
      const changed = settled(after).filter((x) => !settled(before).includes(x));
      if (changed.length)
        failures.push(`${op.method} ${op.path} wrote: ${changed.slice(0, 3).join(' | ').slice(0, 400)}`);
    }
    expect(failures).toEqual([]);
    expect(routesTried).toBe(writeRoutes.length);
    expect(attempts).toBeGreaterThan(writeRoutes.length * 10);
  }, 600_000);

  it('a transfer out of another street is a review; the resident stays where they are', async () => {
    const v = victims[C3]!;
    const r = await call(
      app,
      'POST',
      '/api/t/residents/move-in',
      tokens.worker,
      person(C1, { idNumber: v.idNumber }),
    );
    expect([202, 409]).toContain(r.status);
    const still = await call(app, 'GET', `/api/t/residents/${v.resident}`, tokens.admin);
    expect(still.body.communityCode).toBe(C3);
  });
});
