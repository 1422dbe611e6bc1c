/**
 * The request lifecycle (办件) through the HTTP app on the real engines: a resident applies for
 * 高龄津贴 with a material, the community accepts, the street reviews, civil affairs approves —
 * each change texted (dev outbox) and listed in the resident's messages; a return for materials
 * round trip; wrong role, wrong step and out-of-scope refused; idempotent retries; every response
 * checked against its declared schema.
 */
import { createLocalApps, Outbox, uploadsFor } from '@linli/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { makeResident, recordResident, type ServiceDistrict, serviceDistrict } from '../support/services.ts';

const env = testEnv();
const outbox = new Outbox(env.dataDir);
const apps = createLocalApps(env, { throttle: false, outbox });
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));

let d: ServiceDistrict;
let resident: Awaited<ReturnType<typeof makeResident>>;
let seq = 0;
const key = () => `k-${Date.now()}-${seq++}-abcdef`;
const tok = (u: { accessToken: string }) => u.accessToken;

/** A material uploaded like the browser does: the upload form, then the file to the gateway. */
export const uploadMaterial = async (
  token: string,
  path = '/api/t/resident/materials',
  body: Json = {
    service: 'elderly-allowance',
    field: 'id-card-scan',
    name: '身份证.jpg',
    type: 'image/jpeg',
    size: 2048,
  },
) => {
  const form = await call(app, 'POST', path, token, body);
  expect(form.status).toBe(201);
  const fd = new FormData();
  for (const [k, v] of Object.entries(form.body.upload.fields as Record<string, string>)) fd.append(k, v);
  fd.append('file', new Blob([new Uint8Array(body.size).fill(7)], { type: body.type }), body.name);
  const up = await uploadsFor(env).receive(
    new Request(`http://local${form.body.upload.url}`, { method: 'POST', body: fd }),
  );
  expect(up.status).toBe(204);
  return form.body.ref as Json;
};

const texts = (mobile: string) => outbox.list().filter((m) => m.to === `+86${mobile}` && !m.code);

beforeAll(async () => {
  d = await serviceDistrict(env);
  resident = await makeResident(env, apps.control, d.tenant.slug);
  await recordResident(app, d.worker, d.C1, resident.mobile);
});

const act = (user: { accessToken: string }, id: string, body: Json) =>
  call(app, 'POST', `/api/t/cases/${id}/actions`, tok(user), body);

const apply = async (over: Json = {}, k = key()) => {
  const photo = await uploadMaterial(resident.token);
  return call(
    app,
    'POST',
    '/api/t/resident/cases',
    resident.token,
    {
      service: 'elderly-allowance',
      form: { 'bank-account': '6222000011112222', 'id-card-scan': [photo] },
      ...over,
    },
    { 'idempotency-key': k },
  );
};

describe('高龄津贴 end to end', () => {
  let id = '';
  let number = '';

  it('the form is prefilled from the resident record (masked) and the resident is eligible', async () => {
    const res = await call(app, 'GET', '/api/t/resident/services/elderly-allowance/prefill', resident.token);
    expect(res.status).toBe(200);
    expect(res.body.known).toBe(true);
    expect(res.body.communityCode).toBe(d.C1);
    expect(res.body.eligibility).toEqual({ eligible: true, issues: [] });
    expect(res.body.prefilled).toEqual(
      expect.arrayContaining(['applicant-name', 'id-number', 'mobile', 'address']),
    );
    expect(res.body.form['id-number']).toMatch(/\*{4,}/);
    expect(res.body.form['applicant-name']).not.toBe('张桂兰');
  });

  it('a resident applies with a material; a retry with the same key returns the same case', async () => {
    const k = key();
    const photo = await uploadMaterial(resident.token);
    const body = {
      service: 'elderly-allowance',
      form: { 'bank-account': '6222000011112222', 'id-card-scan': [photo] },
    };
    const headers = { 'idempotency-key': k };
    const [a, b] = await Promise.all([
      call(app, 'POST', '/api/t/resident/cases', resident.token, body, headers),
      call(app, 'POST', '/api/t/resident/cases', resident.token, body, headers),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const again = await call(app, 'POST', '/api/t/resident/cases', resident.token, body, headers);
    expect(again.status, again.text).toBe(200);
    expect(again.body.id).toBe(a.body.id);
    ({ id, number } = a.body as { id: string; number: string });
    expect(number).toMatch(new RegExp(`^${d.tenant.divisionCode}-\\d{8}-\\d{4}$`));
    expect(a.body).toMatchObject({ status: 'pending', stepIndex: 0, channel: 'portal' });
    const mine = await call(app, 'GET', '/api/t/resident/cases?limit=50', resident.token);
    expect((mine.body.items as Json[]).filter((c) => c.id === id)).toHaveLength(1);
    expect(mine.body.items).toHaveLength(1);
    // The same key with another body is refused.
    const reused = await call(
      app,
      'POST',
      '/api/t/resident/cases',
      resident.token,
      { ...body, form: { ...body.form, 'bank-account': '6222000099998888' } },
      headers,
    );
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('the community worker sees it at their desk, accepts; wrong step 409, wrong role 403, other community 404', async () => {
    const desk = await call(app, 'GET', '/api/t/cases', tok(d.worker));
    expect(desk.status).toBe(200);
    const row = (desk.body.items as Json[]).find((r) => r.caseId === id);
    expect(row).toMatchObject({ number, status: 'pending', stepIndex: 0, overdue: false });
    const detail = await call(app, 'GET', `/api/t/cases/${id}`, tok(d.worker));
    expect(detail.body.allowedActions).toEqual(['accept', 'return', 'reject']);
    expect(detail.body.form['id-number']).toMatch(/\*{4,}/);
    expect(detail.body.form['bank-account']).not.toBe('6222000011112222');

    expect((await call(app, 'GET', `/api/t/cases/${id}`, tok(d.workerC3))).status).toBe(404);
    const other = await act(d.workerC3, id, { action: 'accept', step: 0 });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('CASE_NOT_FOUND');
    const notYours = await act(d.civil, id, { action: 'approve', step: 0 });
    expect(notYours.status).toBe(403);
    expect(notYours.body.code).toBe('CASE_NOT_YOUR_STEP');
    const resident403 = await act({ accessToken: resident.token }, id, { action: 'accept', step: 0 });
    expect(resident403.status).toBe(403);

    const ok = await act(d.worker, id, { action: 'accept', step: 0 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ stepIndex: 1, status: 'pending', allowedActions: [] });
    const twice = await act(d.worker, id, { action: 'accept', step: 0 });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CASE_WRONG_STEP');
    const gone = await call(app, 'GET', '/api/t/cases', tok(d.worker));
    expect((gone.body.items as Json[]).some((r) => r.caseId === id)).toBe(false);
  });

  it('the street reviews (with a reveal logged) and civil affairs approves; the resident follows every step', async () => {
    const reveal = await call(app, 'POST', `/api/t/cases/${id}/reveal`, tok(d.street), {
      fields: ['id-number'],
      reason: '核对户籍信息',
    });
    expect(reveal.status).toBe(200);
    expect(reveal.body.form['id-number']).toMatch(/^110101194003\d{5}[\dX]$/);
    const noReason = await call(app, 'POST', `/api/t/cases/${id}/reveal`, tok(d.street), {
      fields: ['id-number'],
    });
    expect(noReason.status).toBe(400);

    expect((await act(d.street, id, { action: 'accept', step: 1 })).status).toBe(200);
    const desk = await call(app, 'GET', '/api/t/cases?scope=desk', tok(d.civil));
    expect((desk.body.items as Json[]).some((r) => r.caseId === id)).toBe(true);
    const approved = await act(d.civil, id, { action: 'approve', step: 2 });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');

    const mine = await call(app, 'GET', `/api/t/resident/cases/${id}`, resident.token);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ status: 'approved', canResubmit: false, canWithdraw: false });
    expect((mine.body.timeline as Json[]).map((e) => e.action)).toEqual([
      'submit',
      'accept',
      'accept',
      'approve',
    ]);
    expect((mine.body.timeline as Json[]).every((e) => e.actor === undefined)).toBe(true);

    const sms = texts(resident.mobile).filter((m) => m.text.includes(number));
    expect(sms.map((m) => m.text)).toEqual([
      expect.stringContaining('已提交'),
      expect.stringContaining('街道审核'),
      expect.stringContaining('部门审批'),
      expect.stringContaining('已办结'),
    ]);
    const messages = await call(app, 'GET', '/api/t/resident/messages', resident.token);
    const ofCase = (messages.body.items as Json[]).filter((m) => m.caseId === id);
    expect(ofCase.map((m) => m.action)).toEqual(['approve', 'accept', 'accept', 'submit']);
    expect(ofCase.every((m) => m.sms === 'sent')).toBe(true);
  });
});

describe('return for materials (补正) round trip, notes, withdraw', () => {
  it('the worker returns naming what is missing; the resident resubmits; the case goes on', async () => {
    const filed = await apply();
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    const ret = await act(d.worker, id, {
      action: 'return',
      step: 0,
      reason: '身份证照片不清晰',
      missing: ['id-copy'],
    });
    expect(ret.status).toBe(200);
    expect(ret.body.status).toBe('returned');
    const internal = await call(app, 'POST', `/api/t/cases/${id}/notes`, tok(d.worker), {
      text: '电话联系过家属',
      visibility: 'internal',
    });
    expect(internal.status).toBe(201);
    await call(app, 'POST', `/api/t/cases/${id}/notes`, tok(d.worker), {
      text: '请上传清晰的身份证正反面',
      visibility: 'resident',
    });

    const seen = await call(app, 'GET', `/api/t/resident/cases/${id}`, resident.token);
    expect(seen.body).toMatchObject({ status: 'returned', canResubmit: true });
    expect((seen.body.notes as Json[]).map((n) => n.text)).toEqual(['请上传清晰的身份证正反面']);
    expect(texts(resident.mobile).at(-1)?.text).toContain('需补正材料：身份证照片不清晰');

    // Staff act on a returned case: wrong step.
    expect((await act(d.worker, id, { action: 'accept', step: 0 })).status).toBe(409);
    const photo = await uploadMaterial(resident.token);
    // Only what changes is sent: the other answers stay as filed.
    const full = await call(app, 'POST', `/api/t/resident/cases/${id}/resubmit`, resident.token, {
      form: { 'id-card-scan': [photo] },
    });
    expect(full.status).toBe(200);
    expect(full.body.status).toBe('pending');
    expect((await act(d.worker, id, { action: 'accept', step: 0 })).status).toBe(200);
  });

  it('a resident withdraws an open case; then it cannot be withdrawn again', async () => {
    const filed = await apply();
    const id = filed.body.id as string;
    const w = await call(app, 'POST', `/api/t/resident/cases/${id}/withdraw`, resident.token);
    expect(w.status).toBe(200);
    expect(w.body.status).toBe('withdrawn');
    expect((await call(app, 'POST', `/api/t/resident/cases/${id}/withdraw`, resident.token)).status).toBe(
      409,
    );
  });
});

describe('inbox, assignment, bulk accept, counter filing', () => {
  it('filters by scope, service, channel and due; assigns; bulk-accepts with per-item results', async () => {
    const a = (await apply()).body.id as string;
    const b = (await apply()).body.id as string;
    const counter = await call(
      app,
      'POST',
      '/api/t/cases',
      tok(d.worker),
      {
        service: 'repair-report',
        applicant: { mobile: '13700001111' },
        communityCode: d.C1,
        form: { category: 'lighting', location: '3号楼门口', description: '路灯不亮' },
      },
      { 'idempotency-key': key() },
    );
    expect(counter.status).toBe(201);
    expect(counter.body.channel).toBe('counter');
    const staffView = await call(app, 'GET', `/api/t/cases/${counter.body.id}`, tok(d.worker));
    expect(staffView.body).toMatchObject({ filedBy: d.worker.sub, applicant: { kind: 'caller' } });
    expect(texts('13700001111').at(-1)?.text).toContain(counter.body.number);

    const byChannel = await call(app, 'GET', '/api/t/cases?scope=community&channel=counter', tok(d.worker));
    expect((byChannel.body.items as Json[]).map((r) => r.caseId)).toEqual([counter.body.id]);
    const byService = await call(
      app,
      'GET',
      '/api/t/cases?scope=street&service=repair-report',
      tok(d.street),
    );
    expect((byService.body.items as Json[]).map((r) => r.caseId)).toEqual([counter.body.id]);
    const overdue = await call(app, 'GET', '/api/t/cases?due=overdue', tok(d.worker));
    expect(overdue.body.items).toEqual([]);
    const soon = await call(app, 'GET', '/api/t/cases?due=soon&status=approved', tok(d.worker));
    expect(soon.status).toBe(400);
    const district = await call(app, 'GET', '/api/t/cases?scope=district', tok(d.worker));
    expect(district.status).toBe(403);
    const paged = await call(app, 'GET', '/api/t/cases?scope=community&limit=1', tok(d.worker));
    expect(paged.body.items).toHaveLength(1);
    const next = await call(
      app,
      'GET',
      `/api/t/cases?scope=community&limit=1&cursor=${encodeURIComponent(paged.body.cursor)}`,
      tok(d.worker),
    );
    expect(next.body.items[0].caseId).not.toBe(paged.body.items[0].caseId);
    const forged = await call(
      app,
      'GET',
      `/api/t/cases?scope=street&cursor=${encodeURIComponent(paged.body.cursor)}`,
      tok(d.street),
    );
    expect(forged.status).toBe(400);

    // The colleagues offered are the district's staff who can see the case, by name.
    const offered = await call(app, 'GET', `/api/t/cases/${a}/assignees`, tok(d.worker));
    expect(offered.status).toBe(200);
    const subs = (offered.body.items as Json[]).map((m) => m.sub);
    expect(subs).toEqual(expect.arrayContaining([d.worker.sub, d.worker2.sub, d.admin.sub]));
    expect(subs).not.toContain(d.workerC3.sub);
    expect((offered.body.items as Json[]).every((m) => typeof m.name === 'string' && m.name)).toBe(true);
    expect((await call(app, 'GET', `/api/t/cases/${a}/assignees`, tok(d.workerC3))).status).toBe(404);
    const assigned = await call(app, 'POST', `/api/t/cases/${a}/assign`, tok(d.worker), {
      assignee: d.worker2.sub,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toBe(d.worker2.sub);
    const notColleague = await call(app, 'POST', `/api/t/cases/${a}/assign`, tok(d.worker), {
      assignee: d.workerC3.sub,
    });
    expect(notColleague.status).toBe(400);
    const mine = await call(app, 'GET', '/api/t/cases?assignee=me', tok(d.worker2));
    expect((mine.body.items as Json[]).map((r) => r.caseId)).toEqual([a]);
    // Passed on to the worker themself, then cleared: it leaves worker2's list, then theirs.
    const ids = async (who: { accessToken: string }, q = '') =>
      ((await call(app, 'GET', `/api/t/cases?assignee=me${q}`, tok(who))).body.items as Json[]).map(
        (r) => r.caseId,
      );
    await call(app, 'POST', `/api/t/cases/${a}/assign`, tok(d.worker), { assignee: d.worker.sub });
    expect(await ids(d.worker2)).toEqual([]);
    expect(await ids(d.worker)).toEqual([a]);
    // The assignee's list is still bounded by the scope asked for.
    expect(await ids(d.worker, '&scope=community')).toEqual([a]);
    expect(await ids(d.worker, `&scope=community&service=${encodeURIComponent('no-such-service')}`)).toEqual(
      [],
    );
    await call(app, 'POST', `/api/t/cases/${a}/assign`, tok(d.worker), { assignee: null });
    expect(await ids(d.worker)).toEqual([]);
    await call(app, 'POST', `/api/t/cases/${a}/assign`, tok(d.worker), { assignee: d.worker2.sub });

    const bulk = await call(app, 'POST', '/api/t/cases/bulk-accept', tok(d.worker), {
      items: [
        { id: a, step: 0 },
        { id: b, step: 1 },
      ],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.items).toEqual([
      { id: a, ok: true, status: 'pending' },
      { id: b, ok: false, code: 'CASE_WRONG_STEP' },
    ]);
  });
});

describe('modules', () => {
  it('a basic-tier district refuses a service of a module it has not enabled; community services work', async () => {
    const basic = await serviceDistrict(env, 'basic');
    const elderly = await call(
      app,
      'POST',
      '/api/t/cases',
      tok(basic.worker),
      {
        service: 'elderly-allowance',
        applicant: { mobile: '13700002222' },
        communityCode: basic.C1,
        form: {},
      },
      { 'idempotency-key': key() },
    );
    expect(elderly.status).toBe(404);
    expect(elderly.body.code).toBe('MODULE_NOT_ENABLED');
    const upload = await call(app, 'POST', '/api/t/materials', tok(basic.worker), {
      service: 'elderly-allowance',
      field: 'id-card-scan',
      name: 'a.jpg',
      type: 'image/jpeg',
      size: 100,
    });
    expect(upload.body.code).toBe('MODULE_NOT_ENABLED');
    const repair = await call(
      app,
      'POST',
      '/api/t/cases',
      tok(basic.worker),
      {
        service: 'repair-report',
        applicant: { mobile: '13700002222' },
        communityCode: basic.C1,
        form: { category: 'road', location: '村口', description: '路面塌陷' },
      },
      { 'idempotency-key': key() },
    );
    expect(repair.status).toBe(201);
  });
});
