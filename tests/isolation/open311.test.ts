/**
 * Open311 across districts: every Open311 endpoint is public, so the district comes from the path
 * and the key must belong to it. District A's api_key at B's paths is refused on every resource
 * that takes one, B's requests are never read through A's path (nor A's through B's), and nothing
 * is written in B.
 */
import { createLocalApps } from '@linli/local';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { type ServiceDistrict, serviceDistrict } from '../support/services.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const app = apps.tenant;

let A: ServiceDistrict;
let B: ServiceDistrict;
let keyA = '';
let keyB = '';
let numberB = '';
let tokenB = '';

const post = (d: ServiceDistrict, key: string, community: string) =>
  call(
    app,
    'POST',
    `/open311/v2/${d.tenant.slug}/requests.json`,
    undefined,
    new URLSearchParams({
      api_key: key,
      service_code: 'repair-report',
      description: '路灯不亮',
      phone: '13900001111',
      'attribute[category]': 'lighting',
      'attribute[location]': '南门',
      'attribute[community]': community,
    }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded' },
  );

beforeAll(async () => {
  [A, B] = await Promise.all([serviceDistrict(env, 'demonstration'), serviceDistrict(env, 'demonstration')]);
  const issue = async (d: ServiceDistrict) =>
    String(
      (await call(app, 'POST', '/api/t/open311/keys', d.admin.accessToken, { label: 'app' })).body.apiKey,
    );
  [keyA, keyB] = await Promise.all([issue(A), issue(B)]);
  const filed = await post(B, keyB, B.C1);
  expect(filed.status).toBe(201);
  numberB = filed.body[0].service_request_id;
  tokenB = filed.body[0].token;
}, 120_000);

describe('Open311 isolation', () => {
  it("A's key files nothing in B, whichever community it names", async () => {
    for (const community of [B.C1, A.C1]) {
      const res = await post(B, keyA, community);
      expect(res.status).toBe(403);
      expect(res.body).toEqual([{ code: 403, description: 'invalid api_key' }]);
    }
    const listed = (await call(app, 'GET', `/open311/v2/${B.tenant.slug}/requests.json`))
      .body as unknown as Json[];
    expect(listed.map((r) => r.service_request_id)).toEqual([numberB]);
  });

  it("A's key at B's read paths is refused on every resource", async () => {
    for (const path of [
      'discovery.json',
      'services.xml',
      'services/repair-report.json',
      'requests.json',
      `requests/${numberB}.json`,
      `tokens/${tokenB}.json`,
    ]) {
      const res = await call(
        app,
        'GET',
        `/open311/v2/${B.tenant.slug}/${path}?api_key=${encodeURIComponent(keyA)}`,
      );
      expect(res.status, path).toBe(403);
    }
  });

  it("B's requests and tokens are not found through A's path", async () => {
    for (const path of [`requests/${numberB}.json`, `tokens/${tokenB}.json`]) {
      const res = await call(
        app,
        'GET',
        `/open311/v2/${A.tenant.slug}/${path}?api_key=${encodeURIComponent(keyA)}`,
      );
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain(numberB);
    }
    const byId = await call(
      app,
      'GET',
      `/open311/v2/${A.tenant.slug}/requests.json?service_request_id=${numberB}`,
    );
    expect(byId.body).toEqual([]);
  });

  it("A's admin cannot revoke or list B's keys", async () => {
    const bKeys = (await call(app, 'GET', '/api/t/open311/keys', B.admin.accessToken)).body.items as Json[];
    const res = await call(
      app,
      'POST',
      `/api/t/open311/keys/${bKeys[0]!.id}/revoke`,
      A.admin.accessToken,
      {},
    );
    expect(res.status).toBe(404);
    const aKeys = (await call(app, 'GET', '/api/t/open311/keys', A.admin.accessToken)).body.items as Json[];
    expect(aKeys.map((k) => k.id)).not.toContain(bKeys[0]!.id);
    expect((await post(B, keyB, B.C1)).status).toBe(201); // B's key still works
  });
});
