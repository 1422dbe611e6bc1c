/**
 * Bad input on every request-lifecycle endpoint: missing and wrong-typed fields, oversize text,
 * HTML in free text, an unknown service, a material of the wrong type or too large — each a clear
 * problem+json with a stable code, never a 500, and nothing written (the district's inbox and the
 * resident's cases are the same before and after).
 */
import { createLocalApps, Outbox, uploadsFor } from '@linli/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { makeResident, recordResident, type ServiceDistrict, serviceDistrict } from '../support/services.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false, outbox: new Outbox(env.dataDir) });
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));

let d: ServiceDistrict;
let resident: Awaited<ReturnType<typeof makeResident>>;
let caseId = '';
let photo: Json;
const KEY = { 'idempotency-key': 'input-test-key-0001' };

const snapshot = async () => ({
  all: (await call(app, 'GET', '/api/t/cases?scope=district&limit=200', d.admin.accessToken)).body.items,
  mine: (await call(app, 'GET', '/api/t/resident/cases?limit=50', resident.token)).body.items,
});

beforeAll(async () => {
  d = await serviceDistrict(env);
  resident = await makeResident(env, apps.control, d.tenant.slug);
  await recordResident(app, d.worker, d.C1, resident.mobile);
  const form = await call(app, 'POST', '/api/t/resident/materials', resident.token, {
    service: 'elderly-allowance',
    field: 'id-card-scan',
    name: 'id.png',
    type: 'image/png',
    size: 1500,
  });
  const fd = new FormData();
  for (const [k, v] of Object.entries(form.body.upload.fields as Record<string, string>)) fd.append(k, v);
  fd.append('file', new Blob([new Uint8Array(1500).fill(1)], { type: 'image/png' }), 'id.png');
  await uploadsFor(env).receive(new Request('http://local/local-uploads', { method: 'POST', body: fd }));
  photo = form.body.ref;
  const filed = await call(
    app,
    'POST',
    '/api/t/resident/cases',
    resident.token,
    { service: 'elderly-allowance', form: { 'bank-account': '6222000011112222', 'id-card-scan': [photo] } },
    KEY,
  );
  expect(filed.status).toBe(201);
  caseId = filed.body.id;
});

const expectProblem = (res: Awaited<ReturnType<typeof call>>, status: number, code?: string) => {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  // A stable code: the problem's own, or (for a field) the field issue's.
  if (code)
    expect([res.body.code, ...((res.body.errors as Json[] | undefined) ?? []).map((e) => e.code)]).toContain(
      code,
    );
  expect(res.body.message.zh).toBeTruthy();
  expect(res.body.message.en).toBeTruthy();
};

describe('bad input on the request-lifecycle endpoints writes nothing', () => {
  it('resident endpoints', async () => {
    const before = await snapshot();
    const r = resident.token;
    const submit = (
      body: unknown,
      headers: Record<string, string> = { 'idempotency-key': `k-${Math.random()}`.replace('.', '') },
    ) => call(app, 'POST', '/api/t/resident/cases', r, body, headers);
    const good = {
      service: 'elderly-allowance',
      form: { 'bank-account': '6222000011112222', 'id-card-scan': [photo] },
    };
    expectProblem(await submit(good, {}), 400);
    expectProblem(await submit({ form: good.form }), 400, 'VALIDATION_FAILED');
    expectProblem(await submit({ ...good, form: 'x' }), 400);
    expectProblem(await submit({ ...good, service: 12 }), 400);
    expectProblem(await submit({ ...good, service: 'no-such-service' }), 404, 'SERVICE_NOT_FOUND');
    expectProblem(
      await submit({ ...good, form: { ...good.form, 'bank-account': '<script>x</script>' } }),
      400,
    );
    expectProblem(await submit({ ...good, form: { ...good.form, 'bank-account': '6'.repeat(31) } }), 400);
    expectProblem(await submit({ ...good, form: { ...good.form, surprise: 1 } }), 400);
    expectProblem(await submit({ ...good, extra: true }), 400);
    expectProblem(
      await submit('{oops', { 'content-type': 'application/json', 'idempotency-key': 'abcdefgh12' }),
      400,
    );
    // A material that is not the submitter's, or claims another size, is refused.
    expectProblem(
      await submit({ ...good, form: { ...good.form, 'id-card-scan': [{ ...photo, size: 99 }] } }),
      400,
      'MATERIAL_INVALID',
    );
    expectProblem(
      await submit({
        ...good,
        form: { ...good.form, 'id-card-scan': [{ ...photo, uploadId: '01JD0000000000000000000000' }] },
      }),
      400,
      'MATERIAL_INVALID',
    );
    expectProblem(await call(app, 'GET', '/api/t/resident/services/NOPE/prefill', r), 400);
    expectProblem(
      await call(app, 'GET', '/api/t/resident/services/no-such/prefill', r),
      404,
      'SERVICE_NOT_FOUND',
    );
    expectProblem(await call(app, 'GET', '/api/t/resident/cases?limit=abc', r), 400);
    expectProblem(await call(app, 'GET', '/api/t/resident/cases?cursor=forged', r), 400, 'CURSOR_INVALID');
    expectProblem(await call(app, 'GET', '/api/t/resident/cases/not-an-id', r), 400);
    expectProblem(await call(app, 'GET', '/api/t/resident/cases/01JD0000000000000000000000', r), 404);
    expectProblem(
      await call(app, 'POST', `/api/t/resident/cases/${caseId}/resubmit`, r, { form: {} }),
      409,
      'CASE_WRONG_STEP',
    );
    expectProblem(await call(app, 'POST', `/api/t/resident/cases/${caseId}/resubmit`, r, { form: 3 }), 400);
    expectProblem(
      await call(app, 'POST', '/api/t/resident/cases/01JD0000000000000000000000/withdraw', r),
      404,
    );
    expectProblem(await call(app, 'GET', '/api/t/resident/messages?limit=0', r), 400);
    const material = (body: Json) => call(app, 'POST', '/api/t/resident/materials', r, body);
    const m = {
      service: 'elderly-allowance',
      field: 'id-card-scan',
      name: 'a.jpg',
      type: 'image/jpeg',
      size: 10,
    };
    expectProblem(
      await material({ ...m, type: 'application/x-msdownload', name: 'a.exe' }),
      415,
      'MATERIAL_TYPE_NOT_ACCEPTED',
    );
    expectProblem(await material({ ...m, size: 50 * 1024 * 1024 }), 413, 'MATERIAL_TOO_LARGE');
    expectProblem(await material({ ...m, field: 'bank-account' }), 400, 'MATERIAL_FIELD_UNKNOWN');
    expectProblem(await material({ ...m, service: 'no-such' }), 404, 'SERVICE_NOT_FOUND');
    expectProblem(await material({ ...m, name: '<img src=x>.jpg' }), 400);
    expectProblem(await material({ ...m, size: undefined }), 400);
    expect(await snapshot()).toEqual(before);
  });

  it('staff endpoints', async () => {
    const before = await snapshot();
    const w = d.worker.accessToken;
    const act = (body: unknown) => call(app, 'POST', `/api/t/cases/${caseId}/actions`, w, body);
    expectProblem(await call(app, 'GET', '/api/t/cases?status=bogus', w), 400);
    expectProblem(await call(app, 'GET', '/api/t/cases?scope=everything', w), 400);
    expectProblem(await call(app, 'GET', '/api/t/cases?limit=1000', w), 400);
    expectProblem(await call(app, 'GET', '/api/t/cases/xyz', w), 400);
    expectProblem(await act({ action: 'accept' }), 400);
    expectProblem(await act({ action: 'accept', step: '0' }), 400);
    expectProblem(await act({ action: 'fly', step: 0 }), 400);
    expectProblem(await act({ action: 'reject', step: 0 }), 400);
    expectProblem(await act({ action: 'reject', step: 0, reason: '<b>不行</b>' }), 400);
    expectProblem(await act({ action: 'return', step: 0, reason: '缺'.repeat(501) }), 400);
    expectProblem(await act({ action: 'return', step: 0, reason: '缺材料', missing: ['Bad Key'] }), 400);
    expectProblem(await act({ action: 'transfer', step: 0, to: 'mars', reason: '转' }), 400);
    const note = (body: unknown) => call(app, 'POST', `/api/t/cases/${caseId}/notes`, w, body);
    expectProblem(await note({ text: '<script>alert(1)</script>', visibility: 'internal' }), 400);
    expectProblem(await note({ text: '长'.repeat(1001), visibility: 'internal' }), 400);
    expectProblem(await note({ text: '好', visibility: 'public' }), 400);
    expectProblem(await note({ visibility: 'internal' }), 400);
    const reveal = (body: unknown) => call(app, 'POST', `/api/t/cases/${caseId}/reveal`, w, body);
    expectProblem(await reveal({ fields: ['id-card-scan'], reason: '核对' }), 400, 'NOTHING_TO_REVEAL');
    expectProblem(await reveal({ fields: [], reason: '核对' }), 400);
    expectProblem(await reveal({ fields: ['id-number'], reason: '<i>x</i>' }), 400);
    expectProblem(await call(app, 'POST', `/api/t/cases/${caseId}/assign`, w, { assignee: 'x' }), 400);
    expectProblem(await call(app, 'POST', `/api/t/cases/${caseId}/assign`, w, {}), 400);
    expectProblem(await call(app, 'POST', '/api/t/cases/bulk-accept', w, { items: [] }), 400);
    expectProblem(
      await call(app, 'POST', '/api/t/cases/bulk-accept', w, {
        items: Array.from({ length: 51 }, () => ({ id: caseId, step: 0 })),
      }),
      400,
    );
    const counter = (
      body: Json,
      headers: Record<string, string> = { 'idempotency-key': 'counter-bad-0001' },
    ) => call(app, 'POST', '/api/t/cases', w, body, headers);
    const c = {
      service: 'repair-report',
      applicant: { mobile: '13700003333' },
      communityCode: d.C1,
      form: { category: 'road', location: '门口', description: '坑' },
    };
    expectProblem(await counter(c, {}), 400);
    expectProblem(await counter({ ...c, applicant: { mobile: '12345' } }), 400, 'MOBILE_FORMAT');
    expectProblem(await counter({ ...c, communityCode: d.C3 }), 403);
    expectProblem(await counter({ ...c, communityCode: '12' }), 400);
    expectProblem(await counter({ ...c, form: { ...c.form, category: 'volcano' } }), 400);
    expectProblem(await counter({ ...c, form: { ...c.form, description: '<a href=x>坑</a>' } }), 400);
    expectProblem(await counter({ ...c, channel: 'telepathy' }), 400);
    expectProblem(await counter({ ...c, service: 'no-such' }), 404, 'SERVICE_NOT_FOUND');
    expectProblem(
      await call(app, 'POST', '/api/t/materials', w, {
        service: 'repair-report',
        field: 'photo',
        name: 'a.gif',
        type: 'image/gif',
        size: 10,
      }),
      415,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('staff in scope read a case’s material; others cannot', async () => {
    const path = `/api/t/cases/${caseId}/materials/${photo.uploadId}`;
    const ok = await app.request(path, { headers: { authorization: `Bearer ${d.worker.accessToken}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect((await ok.arrayBuffer()).byteLength).toBe(1500);
    expect((await call(app, 'GET', path, d.workerC3.accessToken)).status).toBe(404);
    expect((await call(app, 'GET', path, resident.token)).status).toBe(403);
  });
});
