/**
 * Open311 GeoReport v2 conformance, written from the specification (wiki.open311.org/GeoReport_v2)
 * for every endpoint in JSON and XML: discovery, services, a service definition (attributes from
 * the form fields), POST requests with an api_key the district admin issued, GET requests (by id,
 * service_code, dates, status; the 90-day default window), one request, tokens; the spec's error
 * format (`[{code, description}]` / `<errors><error>…`) for a missing api_key, an unknown
 * service_code, bad dates; a revoked key refused; a key of district A never reaching district B;
 * no personal data in any answer; the case keeps channel `open311` and is in the staff inbox.
 */
import { createLocalApps, Outbox } from '@linli/local';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { type ServiceDistrict, serviceDistrict } from '../support/services.ts';

const env = testEnv();
const outbox = new Outbox(env.dataDir);
const apps = createLocalApps(env, { throttle: false, outbox });
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));

let A: ServiceDistrict;
let B: ServiceDistrict;
let keyA = '';
let keyB = '';
const MOBILE = '13912345678';

const base = (d: ServiceDistrict) => `/open311/v2/${d.tenant.slug}`;
const get = (path: string) => call(app, 'GET', path);
const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};
const post = (
  path: string,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) =>
  call(app, 'POST', path, undefined, form(fields), {
    'content-type': 'application/x-www-form-urlencoded',
    ...headers,
  });
/** Parses an XML answer strictly (a malformed document throws). */
const xml = (text: string) => {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  return new JSDOM(text, { contentType: 'text/xml' }).window.document;
};
const issue = async (d: ServiceDistrict, label: string) => {
  const res = await call(app, 'POST', '/api/t/open311/keys', d.admin.accessToken, { label });
  expect(res.status).toBe(201);
  return res.body as Json;
};
const report = (d: ServiceDistrict, key: string, over: Record<string, string | string[]> = {}) =>
  post(`${base(d)}/requests.json`, {
    api_key: key,
    service_code: 'repair-report',
    description: '3号楼前路灯不亮',
    address_string: '幸福路3号楼',
    phone: MOBILE,
    first_name: '桂兰',
    last_name: '张',
    'attribute[category]': 'lighting',
    'attribute[community]': d.C1,
    ...over,
  });

beforeAll(async () => {
  [A, B] = await Promise.all([serviceDistrict(env, 'demonstration'), serviceDistrict(env, 'demonstration')]);
  keyA = String((await issue(A, '市民热线App')).apiKey);
  keyB = String((await issue(B, 'B 的应用')).apiKey);
});

describe('api keys in the workspace', () => {
  it('are issued once in clear, listed without the secret, stored hashed; only the district admin manages them', async () => {
    const list = await call(app, 'GET', '/api/t/open311/keys', A.admin.accessToken);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(keyA.split('.')[3]);
    expect(list.body.items[0]).toMatchObject({ label: '市民热线App' });
    expect((await call(app, 'GET', '/api/t/open311/keys', A.worker.accessToken)).status).toBe(403);
    expect((await call(app, 'POST', '/api/t/open311/keys', A.admin.accessToken, { label: '' })).status).toBe(
      400,
    );
    expect(
      (await call(app, 'POST', '/api/t/open311/keys', A.admin.accessToken, { label: '<b>x</b>' })).status,
    ).toBe(400);
  });

  it('are refused where the district does not have data-exchange', async () => {
    const std = await serviceDistrict(env, 'standard');
    const res = await call(app, 'POST', '/api/t/open311/keys', std.admin.accessToken, { label: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MODULE_NOT_ENABLED');
    const open = await get(`${base(std)}/services.json`);
    expect(open.status).toBe(404);
    expect(open.body).toEqual([{ code: 404, description: 'jurisdiction not found' }]);
  });
});

describe('discovery', () => {
  it('json and xml name the GeoReport v2 endpoint and its formats', async () => {
    const j = await get(`${base(A)}/discovery.json`);
    expect(j.status).toBe(200);
    expect(j.headers.get('content-type')).toMatch(/^application\/json/);
    expect(j.body.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: expect.stringMatching(new RegExp(`/open311/v2/${A.tenant.slug}$`)),
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    const x = await get(`${base(A)}/discovery.xml`);
    expect(x.headers.get('content-type')).toMatch(/^text\/xml/);
    const doc = xml(x.text);
    expect(doc.documentElement.nodeName).toBe('discovery');
    expect(
      [...doc.querySelectorAll('endpoints > endpoint > formats > format')].map((n) => n.textContent),
    ).toEqual(['text/xml', 'application/json']);
  });
});

describe('services', () => {
  it('lists the catalogue services offered in channel open311 (json and xml)', async () => {
    const j = await get(`${base(A)}/services.json`);
    expect(j.status).toBe(200);
    const codes = (j.body as unknown as Json[]).map((s) => s.service_code);
    expect(codes).toContain('repair-report');
    expect(codes).not.toContain('elderly-allowance'); // not in the open311 channel
    const repair = (j.body as unknown as Json[]).find((s) => s.service_code === 'repair-report')!;
    expect(repair).toMatchObject({
      service_name: '报修/环境问题',
      metadata: true,
      type: 'realtime',
      group: '社区事务',
    });
    const doc = xml((await get(`${base(A)}/services.xml`)).text);
    expect(doc.documentElement.nodeName).toBe('services');
    const first = doc.querySelector('services > service')!;
    for (const el of ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'])
      expect(first.querySelector(el), el).not.toBeNull();
    expect(doc.querySelectorAll('services > service').length).toBe(codes.length);
  });

  it('a definition: attributes from the form fields, lists with their values, the community list', async () => {
    const j = await get(`${base(A)}/services/repair-report.json`);
    expect(j.status).toBe(200);
    expect(j.body.service_code).toBe('repair-report');
    const attrs = j.body.attributes as Json[];
    const category = attrs.find((a) => a.code === 'category')!;
    expect(category).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true, order: 1 });
    expect(category.values).toContainEqual({ key: 'lighting', name: '照明 / Lighting' });
    expect(attrs.find((a) => a.code === 'description')).toMatchObject({ datatype: 'text' });
    expect(attrs.find((a) => a.code === 'photo')).toBeUndefined(); // files have no Open311 form
    const community = attrs.find((a) => a.code === 'community')!;
    expect(community.required).toBe(true);
    expect(community.values.map((v: Json) => v.key)).toContain(A.C1);
    const doc = xml((await get(`${base(A)}/services/repair-report.xml`)).text);
    expect(doc.documentElement.nodeName).toBe('service_definition');
    expect(doc.querySelectorAll('attributes > attribute').length).toBe(attrs.length);
    expect(doc.querySelector('attribute > values > value > key')).not.toBeNull();
  });

  it('an unknown service_code is the spec’s 404 in both formats', async () => {
    const j = await get(`${base(A)}/services/no-such-service.json`);
    expect(j.status).toBe(404);
    expect(j.body).toEqual([{ code: 404, description: 'service_code not found' }]);
    const x = await get(`${base(A)}/services/elderly-allowance.xml`);
    expect(x.status).toBe(404);
    const doc = xml(x.text);
    expect(doc.querySelector('errors > error > code')?.textContent).toBe('404');
    expect(doc.querySelector('errors > error > description')?.textContent).toBe('service_code not found');
  });

  it('an unknown district or format is 404', async () => {
    expect((await get('/open311/v2/no-such-district/services.json')).status).toBe(404);
    expect((await get(`${base(A)}/services.html`)).status).toBe(404);
  });
});

describe('POST requests', () => {
  let number = '';
  let token = '';

  it('files a case (channel open311) and answers its id, token and notice; json', async () => {
    const res = await report(A, keyA);
    expect(res.status).toBe(201);
    const [r] = res.body as unknown as Json[];
    expect(r!.service_request_id).toMatch(new RegExp(`^${A.tenant.divisionCode}-\\d{8}-\\d{4}$`));
    expect(r!.service_notice).toContain('报修/环境问题');
    number = r!.service_request_id;
    token = r!.token;
    // The staff inbox lists it with its channel; the caller was texted at the phone given.
    const inbox = await call(
      app,
      'GET',
      `/api/t/cases?scope=community&channel=open311`,
      A.worker.accessToken,
    );
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((i: Json) => i.number)).toContain(number);
    expect(outbox.list().some((m) => m.to === `+86${MOBILE}` && m.text.includes(number))).toBe(true);
  });

  it('a spot and a photo link sent along reach the department as an internal note, never the public GET', async () => {
    const res = await report(A, keyA, {
      lat: '26.3821',
      long: '108.0773',
      media_url: 'https://img.example.cn/report/streetlight.jpg',
    });
    expect(res.status).toBe(201);
    const [r] = res.body as unknown as Json[];
    const staff = await call(app, 'GET', `/api/t/cases/${r!.token}`, A.worker.accessToken);
    expect(staff.status).toBe(200);
    const notes = (staff.body.notes as Json[]).filter((n) => n.visibility === 'internal');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toContain('纬度 26.3821，经度 108.0773');
    expect(notes[0]!.text).toContain('https://img.example.cn/report/streetlight.jpg');
    const pub = await get(`${base(A)}/requests/${r!.service_request_id}.json`);
    const [shown] = pub.body as unknown as Json[];
    expect(shown).toMatchObject({ lat: null, long: null, media_url: null, address: null });
    expect(pub.text).not.toContain('26.3821');
    // Without them no note is written.
    const plain = await report(A, keyA);
    const [p] = plain.body as unknown as Json[];
    const bare = await call(app, 'GET', `/api/t/cases/${p!.token}`, A.worker.accessToken);
    expect(bare.body.notes).toEqual([]);
  });

  it('xml answers <service_requests><request>', async () => {
    const res = await post(`${base(A)}/requests.xml`, {
      api_key: keyA,
      service_code: 'repair-report',
      description: '垃圾未清运',
      phone: MOBILE,
      'attribute[category]': 'rubbish',
      'attribute[location]': '东门',
      'attribute[community]': A.C1,
    });
    expect(res.status).toBe(201);
    const doc = xml(res.text);
    expect(doc.documentElement.nodeName).toBe('service_requests');
    expect(doc.querySelector('service_requests > request > service_request_id')?.textContent).toMatch(
      /^\d{6}-/,
    );
  });

  it('a retry with the same Idempotency-Key files nothing new', async () => {
    const h = { 'idempotency-key': 'open311-retry-0001' };
    const one = await post(
      `${base(A)}/requests.json`,
      {
        api_key: keyA,
        service_code: 'repair-report',
        description: '井盖缺失',
        phone: MOBILE,
        'attribute[category]': 'road',
        'attribute[location]': '北门',
        'attribute[community]': A.C1,
      },
      h,
    );
    const two = await post(
      `${base(A)}/requests.json`,
      {
        api_key: keyA,
        service_code: 'repair-report',
        description: '井盖缺失',
        phone: MOBILE,
        'attribute[category]': 'road',
        'attribute[location]': '北门',
        'attribute[community]': A.C1,
      },
      h,
    );
    expect(one.status).toBe(201);
    expect(two.status).toBe(200);
    expect(two.body[0].service_request_id).toBe(one.body[0].service_request_id);
  });

  it('errors: missing api_key 400, missing or unknown service_code 400/404, bad input 400 — and nothing written', async () => {
    const before = (await get(`${base(A)}/requests.json`)).body as unknown as Json[];
    const missing = await report(A, '');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([{ code: 400, description: 'api_key was not provided' }]);
    const noCode = await report(A, keyA, { service_code: '' });
    expect(noCode.status).toBe(400);
    expect(noCode.body[0].description).toBe('service_code was not provided');
    const unknown = await report(A, keyA, { service_code: 'no-such-service' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ code: 404, description: 'service_code not found' }]);
    const xmlMissing = await post(`${base(A)}/requests.xml`, { service_code: 'repair-report' });
    expect(xmlMissing.status).toBe(400);
    expect(xml(xmlMissing.text).querySelector('errors > error > code')?.textContent).toBe('400');
    const wrong: Record<string, string>[] = [
      { phone: '12345' },
      { 'attribute[category]': 'volcano' },
      { 'attribute[community]': B.C1 },
      { 'attribute[community]': '' },
      { lat: '91', long: '108' },
      { lat: '26.38' },
      { media_url: 'javascript:alert(1)' },
      { media_url: 'not a url' },
    ];
    for (const over of wrong) {
      const res = await report(A, keyA, over);
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.body[0].code).toBe(400);
    }
    const json = await call(app, 'POST', `${base(A)}/requests.json`, undefined, { api_key: keyA });
    expect(json.status).toBe(400);
    const after = (await get(`${base(A)}/requests.json`)).body as unknown as Json[];
    expect(after.length).toBe(before.length);
  });

  it('a wrong, forged or revoked key is 403; a key of district A never files in district B', async () => {
    expect((await report(A, `${keyA.slice(0, -4)}AAAA`)).status).toBe(403);
    expect((await report(A, 'not-a-key')).status).toBe(403);
    // A's key at B's path: refused before any read of B.
    const cross = await report(B, keyA, { 'attribute[community]': B.C1 });
    expect(cross.status).toBe(403);
    expect(cross.body).toEqual([{ code: 403, description: 'invalid api_key' }]);
    // B's key names B: at A's path it is refused too, even for A's community.
    expect((await report(A, keyB)).status).toBe(403);
    const bList = (await get(`${base(B)}/requests.json`)).body as unknown as Json[];
    expect(bList).toEqual([]);
    // Revoked: refused at once.
    const spare = await issue(A, '临时');
    expect((await report(A, String(spare.apiKey))).status).toBe(201);
    const rev = await call(app, 'POST', `/api/t/open311/keys/${spare.id}/revoke`, A.admin.accessToken, {});
    expect(rev.status).toBe(200);
    expect(rev.body.revokedAt).toBeTruthy();
    const refused = await report(A, String(spare.apiKey));
    expect(refused.status).toBe(403);
    expect(
      (await call(app, 'POST', `/api/t/open311/keys/${spare.id}/revoke`, A.admin.accessToken, {})).status,
    ).toBe(409);
    expect(
      (await call(app, 'POST', `/api/t/open311/keys/${spare.id}/revoke`, B.admin.accessToken, {})).status,
    ).toBe(404);
  });

  describe('GET requests', () => {
    it('one request by id and by token, json and xml, with no personal data', async () => {
      const j = await get(`${base(A)}/requests/${number}.json`);
      expect(j.status).toBe(200);
      const [r] = j.body as unknown as Json[];
      expect(r).toMatchObject({
        service_request_id: number,
        status: 'open',
        service_code: 'repair-report',
        service_name: '报修/环境问题',
        agency_responsible: '社区居委会',
        description: null,
        address: null,
      });
      expect(r!.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      for (const secret of [MOBILE, '张', '桂兰', '路灯', '幸福路']) expect(j.text).not.toContain(secret);
      const doc = xml((await get(`${base(A)}/requests/${number}.xml`)).text);
      expect(doc.querySelector('service_requests > request > status')?.textContent).toBe('open');
      expect(doc.querySelector('service_requests > request > description')?.textContent).toBe('');
      const t = await get(`${base(A)}/tokens/${token}.json`);
      expect(t.body).toEqual([{ service_request_id: number, token }]);
      const tx = xml((await get(`${base(A)}/tokens/${token}.xml`)).text);
      expect(tx.querySelector('service_requests > request > token')?.textContent).toBe(token);
      expect((await get(`${base(A)}/requests/${A.tenant.divisionCode}-20200101-0001.json`)).status).toBe(404);
      expect((await get(`${base(A)}/tokens/01ARZ3NDEKTSV4RRFFQ69G5FAV.xml`)).status).toBe(404);
      // A's case number at B's path is unknown there.
      expect((await get(`${base(B)}/requests/${number}.json`)).status).toBe(404);
    });

    it('lists by service_request_id (others ignored), service_code, status and dates; 90-day default; newest first', async () => {
      const all = (await get(`${base(A)}/requests.json`)).body as unknown as Json[];
      expect(all.length).toBeGreaterThanOrEqual(4);
      expect(all.map((r) => r.requested_datetime)).toEqual(
        [...all.map((r) => r.requested_datetime)].sort().reverse(),
      );
      const byId = await get(`${base(A)}/requests.json?service_request_id=${number}&status=closed`);
      expect(byId.body.map((r: Json) => r.service_request_id)).toEqual([number]);
      expect(((await get(`${base(A)}/requests.json?status=closed`)).body as unknown as Json[]).length).toBe(
        0,
      );
      expect(
        (
          (await get(`${base(A)}/requests.json?status=open&service_code=repair-report`))
            .body as unknown as Json[]
        ).length,
      ).toBe(all.length);
      // A window that ended yesterday: nothing filed today is in it.
      const y = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
      expect(((await get(`${base(A)}/requests.json?end_date=${y}`)).body as unknown as Json[]).length).toBe(
        0,
      );
      const start = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      expect(
        ((await get(`${base(A)}/requests.json?start_date=${start}`)).body as unknown as Json[]).length,
      ).toBe(all.length);
      const doc = xml((await get(`${base(A)}/requests.xml?status=open`)).text);
      expect(doc.querySelectorAll('service_requests > request').length).toBe(all.length);
    });

    it('bad dates, statuses and service codes are the spec’s errors', async () => {
      for (const q of [
        'start_date=yesterday',
        'end_date=2026-13-45T00:00:00Z',
        'start_date=2026-12-01',
        'status=pending',
      ]) {
        const res = await get(`${base(A)}/requests.json?${q}`);
        expect(res.status, q).toBe(400);
        expect(res.body[0].code).toBe(400);
      }
      const inverted = await get(
        `${base(A)}/requests.xml?start_date=2026-12-02T00:00:00Z&end_date=2026-11-01T00:00:00Z`,
      );
      expect(inverted.status).toBe(400);
      expect(xml(inverted.text).querySelector('errors > error > code')?.textContent).toBe('400');
      expect((await get(`${base(A)}/requests.json?service_code=no-such`)).status).toBe(404);
    });

    it('a closed case reads closed', async () => {
      const id = (
        await call(app, 'GET', `/api/t/cases?scope=community&channel=open311`, A.worker.accessToken)
      ).body.items.find((i: Json) => i.number === number).caseId;
      const c = await call(app, 'GET', `/api/t/cases/${id}`, A.worker.accessToken);
      const res = await call(app, 'POST', `/api/t/cases/${id}/actions`, A.worker.accessToken, {
        action: 'reject',
        step: c.body.stepIndex,
        reason: '已由物业当日修复',
      });
      expect(res.status).toBe(200);
      const [r] = (await get(`${base(A)}/requests/${number}.json`)).body as unknown as Json[];
      expect(r).toMatchObject({ status: 'closed', expected_datetime: null });
      expect(r!.status_notes).toContain('不予办理');
      expect(JSON.stringify(r)).not.toContain('物业');
      const closed = (await get(`${base(A)}/requests.json?status=closed`)).body as unknown as Json[];
      expect(closed.map((x) => x.service_request_id)).toEqual([number]);
    });
  });
});
