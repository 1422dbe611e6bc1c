/**
 * The standing fuzz suite (issue 11). It walks EVERY operation of both OpenAPI documents (the
 * tenant API's and the control API's, read from the apps themselves, so a new route is fuzzed
 * without anyone remembering) and, as each role, sends inputs generated from the operation's own
 * schema with fast-check: wrong types, numbers DynamoDB cannot store (1e-300, 1e400, -0), huge
 * strings and arrays, duplicate entries, Unicode oddities (zero-width, NUL, full-width digits,
 * bidi marks, lone surrogates), deep nesting and tampered cursors — one odd value at a time inside
 * an otherwise plausible request, or everything odd at once.
 *
 * It passes when no response is a 5xx and a run refused as a whole wrote nothing to the district
 * (item count under the tenant prefix, audit included, before and after). Fixed seed, bounded runs.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps } from '@linli/local';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Json, Requester } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

/** Runs per operation and role; the seed makes a failure reproducible (`FUZZ_SEED=… npx vitest …`). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

const env = testEnv();
// Flags in their own partition: a fuzzed ministry request can never touch the flags other suites read.
const apps = createLocalApps(env, { throttle: false, flagPartition: 'FLAGS-FUZZ' });
const doc = docOf(env);

interface Operation {
  readonly app: 'tenant' | 'control';
  readonly method: string;
  readonly path: string;
  readonly params: { name: string; in: 'path' | 'query'; schema: Json }[];
  readonly body?: Json;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// --- odd values ----------------------------------------------------------------------------------

/** Raw JSON number literals JSON.stringify cannot write (1e400 parses to Infinity). */
const RAW = { big: '__RAW_1e400__', negBig: '__RAW_-1e400__' };
const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const oddString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u200b\u200b\u200b\u200b',
    '\u0000\u0000\u0000\u0000',
    'a\u0000b',
    '\u202e\u202d110101001001',
    '\ud800',
    'x\udfffy',
    fullWidth('110101001001'),
    ' 110101001001',
    '110101001001 ',
    '1.10105E+17',
    '../../etc/passwd',
    '#T#01J00000000000000000000000#',
    '<script>alert(1)</script>',
    "'; DROP TABLE x; --",
    '%00',
    '🙂'.repeat(20),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('x'.repeat(70_000), '啊'.repeat(30_000)),
);
const oddNumber = fc.oneof(
  fc.constantFrom(1e-300, -1e-300, 5e-324, -0, 1e308, -1e308, 2 ** 53 + 1, 0.1 + 0.2, -1, 0, 110101001001),
  fc.constantFrom(RAW.big, RAW.negBig),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const oddValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    oddString,
    oddNumber,
    fc.constantFrom(null, true, false, {}, []),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.constantFrom(
      Array.from({ length: 5000 }, () => 'living'),
      Array.from({ length: 3 }, () => ({ idNumber: '110101198003032037', relationship: '02' })),
      JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)),
    ),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('v'), { maxKeys: 3 }),
  ),
})).v;

/** A tampered cursor: made up, edited, truncated, another tenant's key, not base64 at all. */
const oddCursor = (tenantId: string) =>
  fc.constantFrom(
    'not-a-cursor',
    Buffer.from(JSON.stringify({ pk: `T#${tenantId}#RES#x` })).toString('base64url'),
    Buffer.from(JSON.stringify({ pk: `T#${tenantId}#BLDG#x`, sk: 'B#1', gsi1pk: 'x' })).toString('base64url'),
    Buffer.from(JSON.stringify({ pk: 'T#01J00000000000000000000000#RES', sk: 'x' })).toString('base64url'),
    `${Buffer.from(JSON.stringify({ i: 99, c: null })).toString('base64url')}.AAAA`,
    'eyJpIjotMX0.',
    'a'.repeat(3000),
  );

// --- plausible values, from the schema ------------------------------------------------------------

let C1 = '';
let resident = '';
/** A value the schema would accept, as far as the schema says (patterns: the fixture's own ids). */
const plausible = (s: Json | undefined, name = ''): unknown => {
  if (!s) return 'x';
  if (s.enum) return s.enum[0];
  if (s.anyOf || s.oneOf) return plausible((s.anyOf ?? s.oneOf)[0], name);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.pattern?.includes('12')) return C1;
      if (s.pattern?.includes('9')) return C1.slice(0, 9);
      if (s.pattern?.includes('26')) return resident;
      if (/date/i.test(name)) return '2026-01-01';
      if (/divisionCode/.test(name)) return '440305';
      if (/mobile/i.test(name)) return '13800138000';
      if (/email/i.test(name)) return 'fuzz@example.cn';
      if (/^name$|Name$/.test(name)) return '王主任';
      if (/password/i.test(name)) return 'Fuzz-password-2026';
      if (/reason|purpose/i.test(name)) return '核实信息需要';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Json>))
        out[k] = plausible(v, k);
      if (!s.properties)
        Object.assign(out, { communityCode: C1, name: '测试', number: 'F1', reason: '核实信息需要' });
      return out;
    }
    default:
      return 'x';
  }
};

/** Operations of an OpenAPI document, with `$ref`s resolved one level deep where bodies need it. */
const operationsOf = (app: Operation['app'], d: Json): Operation[] => {
  const deref = (s: Json | undefined): Json | undefined =>
    s?.$ref ? d.components?.schemas?.[String(s.$ref).split('/').pop()!] : s;
  return Object.entries(d.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([m, op]) => ({
        app,
        method: m.toUpperCase(),
        path,
        params: ((op.parameters ?? []) as Json[]).map((p) => ({
          name: p.name,
          in: p.in,
          schema: deref(p.schema) ?? {},
        })),
        ...(op.requestBody?.content?.['application/json']
          ? { body: deref(op.requestBody.content['application/json'].schema) ?? {} }
          : {}),
      })),
  );
};

/** Every field of a plausible body, nested ones included (where an odd value can be put). */
const fieldsOf = (o: Record<string, unknown>): { holder: Record<string, unknown>; key: string }[] =>
  Object.entries(o).flatMap(([key, v]) => [
    { holder: o, key },
    ...(v && typeof v === 'object' && !Array.isArray(v) ? fieldsOf(v as Record<string, unknown>) : []),
  ]);

/** A path segment; one that cannot be encoded (a lone surrogate) becomes invalid UTF-8 on the wire. */
const pathSegment = (v: string) => {
  try {
    return encodeURIComponent(v).slice(0, 2000);
  } catch {
    return '%ED%A0%80%C0%AF';
  }
};

const encode = (v: unknown) =>
  JSON.stringify(v).replaceAll(`"${RAW.big}"`, '1e400').replaceAll(`"${RAW.negBig}"`, '-1e400');

/** One request from a plausible base with odd values in it (one field, several, or the whole body). */
const requestArb = (op: Operation, tenantId: string) =>
  fc
    .record({
      mode: fc.constantFrom('one-odd', 'all-odd', 'body-odd', 'plausible'),
      pick: fc.nat(),
      odd: oddValue,
      oddParams: fc.array(fc.oneof(oddString, oddNumber.map(String)), { minLength: 4, maxLength: 4 }),
      cursor: oddCursor(tenantId),
    })
    .map(({ mode, pick, odd, oddParams, cursor }) => {
      let url = op.path;
      const query = new URLSearchParams();
      op.params.forEach((p, i) => {
        const useOdd = mode === 'all-odd' || (mode === 'one-odd' && pick % (op.params.length + 1) === i);
        const value = useOdd ? String(oddParams[i % 4]) : String(plausible(p.schema, p.name));
        if (p.in === 'path') url = url.replace(`{${p.name}}`, pathSegment(value));
        else if (p.name === 'cursor') query.set('cursor', cursor);
        else if (useOdd || p.name === 'community') query.set(p.name, value.slice(0, 2000));
      });
      let body: string | undefined;
      if (op.body || WRITE.has(op.method)) {
        const p0 = plausible(op.body ?? { type: 'object' });
        const isObject = !!p0 && typeof p0 === 'object' && !Array.isArray(p0);
        const base = (isObject ? p0 : {}) as Record<string, unknown>;
        if (mode === 'body-odd' || (!isObject && mode !== 'plausible')) body = encode(odd);
        else if (!isObject) body = encode(p0);
        else {
          // Any field at any depth: an odd value deep in a plausible body reaches the deepest code.
          const slots = fieldsOf(base);
          const slot = slots[pick % Math.max(1, slots.length)];
          if (slot && mode !== 'plausible') slot.holder[slot.key] = odd;
          if (mode === 'all-odd') for (const f of slots) f.holder[f.key] = odd;
          body = encode(base);
        }
      }
      const qs = query.toString();
      return { url: `${url}${qs ? `?${qs}` : ''}`, body };
    });

// --- the district and its people -----------------------------------------------------------------

let district: Awaited<ReturnType<typeof makeDistrict>>;
const tenantRoles: Record<string, string | undefined> = {};
const controlRoles: Record<string, string | undefined> = {};
let tenantOps: Operation[] = [];
let controlOps: Operation[] = [];

const itemCount = async () => {
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({
        TableName: district.tenant.dataTable,
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#` },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    n += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return n;
};

beforeAll(async () => {
  // A table of its own (silo): the before/after counts Scan only this district, not every suite's.
  district = await makeDistrict(env, { tier: 'standard', placement: 'silo' });
  C1 = district.communities[0]!;
  const t = district.tenant.id;
  const mk = async (kind: 'staff' | 'ministry', roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind, ...(kind === 'staff' ? { tenantId: t } : {}), roles, scope })).accessToken;
  [
    tenantRoles.admin,
    tenantRoles.street,
    tenantRoles.worker,
    tenantRoles.civil,
    tenantRoles.hotline,
    controlRoles.ministry,
  ] = await Promise.all([
    mk('staff', ['district-admin'], {}),
    mk('staff', ['street-staff'], { streetCode: C1.slice(0, 9) }),
    mk('staff', ['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
    mk('staff', ['department-staff'], { department: 'civil-affairs' }),
    mk('staff', ['call-centre-operator'], {}),
    mk('ministry', ['ministry-analyst'], {}),
  ]);
  tenantRoles.anonymous = undefined;
  controlRoles.anonymous = undefined;
  controlRoles.districtAdmin = tenantRoles.admin;
  const r = await apps.tenant.request('/api/t/residents', {
    method: 'POST',
    headers: { authorization: `Bearer ${tenantRoles.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: '孙悟空',
      idNumber: '110101198003032037',
      registration: '户籍',
      communityCode: C1,
    }),
  });
  resident = ((await r.json()) as Json).id ?? '01J00000000000000000000000';
  tenantOps = operationsOf(
    'tenant',
    (await (await apps.tenant.request('/api/t/openapi.json')).json()) as Json,
  );
  controlOps = operationsOf(
    'control',
    (await (await apps.control.request('/api/openapi.json')).json()) as Json,
  );
}, 120_000);

const send = async (
  app: Requester,
  method: string,
  url: string,
  token: string | undefined,
  body?: string,
) => {
  const res = await app.request(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined && method !== 'GET' ? { body } : {}),
  });
  await res.arrayBuffer();
  return res.status;
};

/** Refused requests of these routes keep a record by design (a refused import file keeps its report). */
const RECORDS_REFUSALS = new Set(['POST /api/t/imports/residents']);

describe('fuzz: every operation of both OpenAPI documents, as each role', () => {
  it('covers both documents', () => {
    expect(tenantOps.length).toBeGreaterThanOrEqual(50);
    expect(controlOps.length).toBeGreaterThanOrEqual(30);
  });

  it('answers no 5xx, and a refused run writes nothing', async () => {
    const fivexx: string[] = [];
    const wrote: string[] = [];
    let requests = 0;
    const runs = [
      ...tenantOps.flatMap((op) => Object.entries(tenantRoles).map(([role, token]) => ({ op, role, token }))),
      ...controlOps
        // Ministry writes change platform-wide state other suites read; the analyst is refused them.
        .flatMap((op) => Object.entries(controlRoles).map(([role, token]) => ({ op, role, token }))),
    ];
    for (const [i, { op, role, token }] of runs.entries()) {
      const app = op.app === 'tenant' ? apps.tenant : apps.control;
      const samples = fc.sample(requestArb(op, district.tenant.id), { numRuns: RUNS, seed: SEED + i });
      const before = op.app === 'tenant' && WRITE.has(op.method) ? await itemCount() : 0;
      let refusedAll = true;
      for (const s of samples) {
        const status = await send(app, op.method, s.url, token, s.body);
        requests++;
        if (status >= 500)
          fivexx.push(`${role} ${op.method} ${s.url.slice(0, 120)} ${s.body?.slice(0, 120)} → ${status}`);
        if (status < 400) refusedAll = false;
      }
      const key = `${op.method} ${op.path}`;
      if (op.app === 'tenant' && WRITE.has(op.method) && refusedAll && !RECORDS_REFUSALS.has(key)) {
        const after = await itemCount();
        if (after !== before) wrote.push(`${role} ${key}: ${before} → ${after} items`);
      }
    }
    expect(fivexx).toEqual([]);
    expect(wrote).toEqual([]);
    expect(requests).toBe(runs.length * RUNS);
  }, 1_500_000); // ~90 operations × roles × 12 runs: over 10 minutes on a loaded 2-core machine
});
