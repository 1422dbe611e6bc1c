/**
 * The kiosk's API (`/kiosk/v1/<slug>/…`): sign-in with an ID number and the SMS code sent to the
 * mobile on record (the same answer for an ID the district does not know), five tries, a sealed
 * session; filing a case (channel `kiosk`, prefilled from the record, idempotent); the resident's
 * own case by number and nobody else's; the status lookup the TV shares (case number + the mobile's
 * last 4 digits); another district's session refused.
 */
import { createLocalApps, Outbox } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { type ServiceDistrict, serviceDistrict } from '../support/services.ts';

const env = testEnv();
const outbox = new Outbox(env.dataDir);
const apps = createLocalApps(env, { throttle: false, outbox });
const app = withContract(apps.tenant);

let A: ServiceDistrict;
let B: ServiceDistrict;
const mobile = `137${String(Date.now()).slice(-8)}`;
const idNumber = makeCitizenId('110101', '1956-04-12', 321);
const base = (d: ServiceDistrict) => `/kiosk/v1/${d.tenant.slug}`;

const signIn = async (d: ServiceDistrict, id = idNumber) => {
  const sent = await call(app, 'POST', `${base(d)}/code`, undefined, { idNumber: id });
  expect(sent.status).toBe(200);
  const code = outbox.latestCode(`+86${mobile}`);
  return { challenge: String(sent.body.challenge), code };
};

beforeAll(async () => {
  [A, B] = await Promise.all([serviceDistrict(env, 'demonstration'), serviceDistrict(env, 'demonstration')]);
  const res = await call(app, 'POST', '/api/t/residents', A.worker.accessToken, {
    name: '李秀英',
    idNumber,
    registration: '户籍',
    mobile,
    communityCode: A.C1,
    building: '5',
    unit: '1',
    room: '302',
  });
  expect(res.status).toBe(201);
}, 120_000);

describe('kiosk sign-in', () => {
  it('texts a code to the mobile on record; the code opens a session with the masked name', async () => {
    const { challenge, code } = await signIn(A);
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await call(app, 'POST', `${base(A)}/session`, undefined, {
      challenge,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('KIOSK_CODE_INVALID');
    const ok = await call(app, 'POST', `${base(A)}/session`, undefined, { challenge, code });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('李**');
    expect(ok.text).not.toContain(mobile);
    // A used code is gone.
    expect((await call(app, 'POST', `${base(A)}/session`, undefined, { challenge, code })).status).toBe(400);
  });

  it('answers an unknown ID number the same way, and sends nothing', async () => {
    const before = outbox.list().length;
    const other = makeCitizenId('110101', '1960-01-01', 555);
    const res = await call(app, 'POST', `${base(A)}/code`, undefined, { idNumber: other });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['challenge', 'expiresAt']);
    expect(outbox.list().length).toBe(before);
    expect(
      (
        await call(app, 'POST', `${base(A)}/session`, undefined, {
          challenge: res.body.challenge,
          code: '123456',
        })
      ).status,
    ).toBe(400);
  });

  it('refuses a malformed ID number, a bad body, and a district without the kiosk', async () => {
    expect(
      (await call(app, 'POST', `${base(A)}/code`, undefined, { idNumber: '110101195604120000' })).status,
    ).toBe(400);
    expect((await call(app, 'POST', `${base(A)}/code`, undefined, { idNumber, x: 1 })).status).toBe(400);
    expect(
      (
        await call(app, 'POST', `${base(A)}/code`, undefined, 'not json', {
          'content-type': 'application/json',
        })
      ).status,
    ).toBe(400);
    const std = await serviceDistrict(env, 'basic');
    const res = await call(app, 'POST', `${base(std)}/code`, undefined, { idNumber });
    expect(res.status).toBe(404);
    expect((await call(app, 'POST', '/kiosk/v1/no-such-district/code', undefined, { idNumber })).status).toBe(
      404,
    );
  });
});

describe('kiosk filing and status', () => {
  let token = '';
  let number = '';
  beforeAll(async () => {
    const { challenge, code } = await signIn(A);
    token = String(
      (await call(app, 'POST', `${base(A)}/session`, undefined, { challenge, code })).body.token,
    );
  });
  const h = (extra: Record<string, string> = {}) => ({ 'x-kiosk-session': token, ...extra });

  it('files a case for the signed-in resident (channel kiosk), once per Idempotency-Key', async () => {
    const pre = await call(
      app,
      'GET',
      `${base(A)}/services/repair-report/prefill`,
      undefined,
      undefined,
      h(),
    );
    expect(pre.status).toBe(200);
    expect(pre.body.eligible).toBe(true);
    const body = {
      service: 'repair-report',
      form: { category: 'lighting', location: '5号楼', description: '楼道灯坏了' },
    };
    const one = await call(
      app,
      'POST',
      `${base(A)}/cases`,
      undefined,
      body,
      h({ 'idempotency-key': 'kiosk-0001-abc' }),
    );
    expect(one.status).toBe(201);
    expect(one.body.number).toMatch(new RegExp(`^${A.tenant.divisionCode}-\\d{8}-\\d{4}$`));
    number = one.body.number;
    const two = await call(
      app,
      'POST',
      `${base(A)}/cases`,
      undefined,
      body,
      h({ 'idempotency-key': 'kiosk-0001-abc' }),
    );
    expect(two.status).toBe(200);
    expect(two.body.number).toBe(number);
    const inbox = await call(app, 'GET', '/api/t/cases?scope=community&channel=kiosk', A.worker.accessToken);
    expect(inbox.body.items.map((i: { number: string }) => i.number)).toContain(number);
    expect(outbox.list().some((m) => m.to === `+86${mobile}` && m.text.includes(number))).toBe(true);
  });

  it('bad input writes nothing: no session, a forged session, a bad form', async () => {
    const body = { service: 'repair-report', form: { category: 'volcano' } };
    expect(
      (await call(app, 'POST', `${base(A)}/cases`, undefined, body, { 'idempotency-key': 'kiosk-0002-abc' }))
        .status,
    ).toBe(401);
    expect(
      (
        await call(app, 'POST', `${base(A)}/cases`, undefined, body, {
          'x-kiosk-session': `${token.slice(0, -2)}xx`,
          'idempotency-key': 'kiosk-0003-abc',
        })
      ).status,
    ).toBe(401);
    const bad = await call(
      app,
      'POST',
      `${base(A)}/cases`,
      undefined,
      body,
      h({ 'idempotency-key': 'kiosk-0004-abc' }),
    );
    expect(bad.status).toBe(400);
    // A's session at B's path is not a session there.
    expect((await call(app, 'GET', `${base(B)}/cases/${number}`, undefined, undefined, h())).status).toBe(
      401,
    );
  });

  it('reads its own case by number; the status lookup needs the mobile’s last 4', async () => {
    const own = await call(app, 'GET', `${base(A)}/cases/${number}`, undefined, undefined, h());
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ number, status: 'pending', service: { zh: '报修/环境问题' } });
    expect(own.text).not.toContain('楼道灯');
    const lookup = (n: string, m4: string) => call(app, 'GET', `${base(A)}/status?number=${n}&mobile4=${m4}`);
    expect((await lookup(number, mobile.slice(-4))).body.status).toBe('pending');
    const wrong = await lookup(number, mobile.slice(-4) === '0000' ? '1111' : '0000');
    expect(wrong.status).toBe(404);
    expect((await lookup('bad', '1234')).status).toBe(400);
    expect(
      (
        await call(
          app,
          'GET',
          `/kiosk/v1/${B.tenant.slug}/status?number=${number}&mobile4=${mobile.slice(-4)}`,
        )
      ).status,
    ).toBe(404);
  });
});
