/**
 * SMS both ways on the real local engines, the inbound webhook verified with SNS signatures made by
 * this test (openssl key pair and certificate): `CX` for an own and for a foreign case number (the
 * reply never reveals another applicant's case), `TD` and a later broadcast skipping that number
 * while case notices still go, the daily limit and quiet hours (nothing sent), a forged signature
 * and a bad key refused with nothing written, a text for the hotline turned into a case with
 * channel `sms`, a redelivery handled once. Every text in and out is in the log with its state.
 */
import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTenantApp, type OutboxEntry } from '@linli/api';
import { collectRaw } from '@linli/indicators/collect';
import { createLocalDeps, devSmsForm } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { catalogueSeedItems } from '@linli/services';
import { callDay, type SnsMessage, snsStringToSign } from '@linli/services/channels';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import { TenantStores } from '@linli/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);
// Tomorrow 10:00 in Beijing: outside the default quiet hours (the certificate is valid from now).
const day = new Date(Date.now() + 86_400_000);
let clock = new Date(`${day.toISOString().slice(0, 10)}T02:00:00Z`);
const sent: Omit<OutboxEntry, 'at'>[] = [];
const dir = mkdtempSync(join(tmpdir(), 'linli-sms-'));
const pem = (name: string) => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '30',
      '-subj',
      '/CN=sns.test',
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      join(dir, `${name}.pem`),
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
  };
};
const sns = pem('sns');
const forger = pem('forger');
const CERT_URL = 'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-linli.pem';
const app = withContract(
  createTenantApp({
    ...createLocalDeps(env, { throttle: false }),
    now: () => clock.getTime(),
    notifier: { send: async (e) => void sent.push(e) },
    snsCerts: async (url) => {
      if (url !== CERT_URL) throw new Error(`unexpected certificate URL ${url}`);
      return sns.cert;
    },
  }),
);
afterAll(() => expect(app.violations).toEqual([]));

let A: Awaited<ReturnType<typeof makeDistrict>>;
let C1 = '';
let smsKey = '';
const tokens: Record<string, string> = {};
const M1 = `135${String(Date.now()).slice(-8)}`;
const M2 = `134${String(Date.now()).slice(-8)}`;
let N1 = '';

const envelope = (from: string, text: string, over: Partial<SnsMessage> = {}, key = sns.key): SnsMessage => {
  const m = {
    Type: 'Notification' as const,
    MessageId: randomUUID(),
    TopicArn: 'arn:aws-cn:sns:cn-north-1:123456789012:linli-sms-inbound',
    Message: JSON.stringify({
      originationNumber: `+86${from}`,
      destinationNumber: '+8610690000',
      messageBody: text,
    }),
    Timestamp: new Date(clock.getTime() - 5000).toISOString(),
    SignatureVersion: '2' as const,
    SigningCertURL: CERT_URL,
    ...over,
    Signature: '',
  };
  const s = createSign('RSA-SHA256');
  s.update(snsStringToSign(m), 'utf8');
  return { ...m, Signature: s.sign(key, 'base64') };
};
const inbound = (m: SnsMessage, k = smsKey) =>
  call(app, 'POST', `/api/t/sms/inbound/${k}`, undefined, JSON.stringify(m), {
    'content-type': 'text/plain; charset=UTF-8',
    'x-amz-sns-message-type': m.Type,
  });
const partition = async (pk: string) =>
  (
    await doc.send(
      new QueryCommand({
        TableName: A.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `T#${A.tenant.id}#${pk}` },
      }),
    )
  ).Items ?? [];
const textsTo = (m: string) => sent.filter((e) => e.to === `+86${m}`).map((e) => e.text);
const fileFor = async (mobile: string, channel: 'call-centre' | 'sms') =>
  call(
    app,
    'POST',
    '/api/t/cases',
    tokens.operator,
    {
      service: 'repair-report',
      channel,
      applicant: { mobile },
      communityCode: C1,
      form: { category: 'lighting', location: '2号楼', description: '楼道灯不亮' },
    },
    { 'idempotency-key': `sms-${randomUUID()}` },
  );

beforeAll(async () => {
  A = await makeDistrict(env, { tier: 'standard' });
  C1 = A.communities[0]!;
  const store = new TenantStores(() => doc).for(A.tenant);
  await store.batchPut(catalogueSeedItems(store, SERVICE_TEMPLATES, new Date().toISOString()));
  const mk = async (roles: string[], scope: Record<string, string> = {}) =>
    (await makeStaff(env, { kind: 'staff', tenantId: A.tenant.id, roles, scope })).accessToken;
  [tokens.admin, tokens.operator, tokens.worker] = await Promise.all([
    mk(['district-admin']),
    mk(['call-centre-operator']),
    mk(['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
  ]);
  for (const [i, m] of [M1, M2].entries()) {
    const r = await call(app, 'POST', '/api/t/residents', tokens.worker, {
      name: i ? '钱短信' : '孙短信',
      idNumber: makeCitizenId('110101', `195${i}-03-0${i + 1}`, 100 + Math.floor(Math.random() * 800)),
      registration: '户籍',
      mobile: m,
      communityCode: C1,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const k = await call(app, 'POST', '/api/t/sms/keys', tokens.admin, { label: '短信上行' });
  expect(k.status).toBe(201);
  smsKey = k.body.secret;
  const filed = await fileFor(M1, 'call-centre');
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  N1 = filed.body.number;
}, 120_000);

describe('inbound webhook: authentication', () => {
  it('refuses a forged signature, a certificate off SNS, a bad key and non-SNS input, writing nothing', async () => {
    const before = JSON.stringify([await partition(`SMSLOG#${callDay(clock)}`), await partition('SMSIN')]);
    const forged = await inbound(envelope(M1, '楼下有积水', {}, forger.key));
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('SNS_SIGNATURE_INVALID');
    const offHost = await inbound(
      envelope(M1, '楼下有积水', { SigningCertURL: 'https://evil.example/sns.pem' }),
    );
    expect(offHost.status).toBe(403);
    const badKey = await inbound(envelope(M1, '楼下有积水'), `${smsKey.slice(0, -3)}abc`);
    expect(badKey.status).toBe(401);
    expect(badKey.body.code).toBe('CHANNEL_KEY_INVALID');
    // The call key of the same district is not an SMS key.
    const callKey = await call(app, 'POST', '/api/t/hotline/keys', tokens.admin, { label: 'pbx' });
    expect((await inbound(envelope(M1, '楼下有积水'), callKey.body.secret)).status).toBe(401);
    const notJson = await call(app, 'POST', `/api/t/sms/inbound/${smsKey}`, undefined, 'hello', {
      'content-type': 'text/plain',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify([await partition(`SMSLOG#${callDay(clock)}`), await partition('SMSIN')])).toBe(
      before,
    );
    expect(sent.filter((e) => e.text.includes('已收到'))).toEqual([]);
  });
});

describe('inbound webhook: the key’s SNS topic', () => {
  const OTHER = 'arn:aws-cn:sns:cn-north-1:999999999999:someone-elses-topic';
  it('the first signed message pins its topic to the key; a signed message from another topic is refused', async () => {
    const k = await call(app, 'POST', '/api/t/sms/keys', tokens.admin, { label: '短信上行（备用）' });
    expect(k.status).toBe(201);
    expect(k.body.key.topicArn).toBeUndefined();
    const first = await inbound(envelope(M2, '你好'), k.body.secret);
    expect(first.status).toBe(200);
    const listed = await call(app, 'GET', '/api/t/sms/keys', tokens.admin);
    const mine = listed.body.items.find((x: { id: string }) => x.id === k.body.key.id);
    expect(mine.topicArn).toBe('arn:aws-cn:sns:cn-north-1:123456789012:linli-sms-inbound');
    const before = JSON.stringify(await partition(`SMSLOG#${callDay(clock)}`));
    const other = await inbound(envelope(M2, '你好', { TopicArn: OTHER }), k.body.secret);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('SNS_SIGNATURE_INVALID');
    expect(JSON.stringify(await partition(`SMSLOG#${callDay(clock)}`))).toBe(before);
    // The pinned topic still passes.
    expect((await inbound(envelope(M2, '再问一下'), k.body.secret)).status).toBe(200);
  });

  it('a key issued with its topic refuses every other topic from the first message; a malformed ARN is a 400', async () => {
    const bad = await call(app, 'POST', '/api/t/sms/keys', tokens.admin, {
      label: 'x',
      topicArn: 'linli-sms',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const k = await call(app, 'POST', '/api/t/sms/keys', tokens.admin, {
      label: '短信上行（指定主题）',
      topicArn: OTHER,
    });
    expect(k.status).toBe(201);
    expect(k.body.key.topicArn).toBe(OTHER);
    expect((await inbound(envelope(M2, '你好'), k.body.secret)).status).toBe(403);
    expect((await inbound(envelope(M2, '你好', { TopicArn: OTHER }), k.body.secret)).status).toBe(200);
    // A call key has no topic to give.
    const call1 = await call(app, 'POST', '/api/t/hotline/keys', tokens.admin, {
      label: 'pbx',
      topicArn: OTHER,
    });
    expect(call1.status).toBe(400);
  });
});

describe('keyword commands', () => {
  it('CX with an own case number replies with its status', async () => {
    const res = await inbound(envelope(M1, `cx ${N1}`));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('status-replied');
    const reply = textsTo(M1).at(-1)!;
    expect(reply).toContain(N1);
    expect(reply).toContain('办理中');
  });

  it('CX with another applicant’s case number reveals nothing (the same reply as an unknown number)', async () => {
    await inbound(envelope(M2, `CX ${N1}`));
    const foreign = textsTo(M2).at(-1)!;
    expect(foreign).toContain('未查到');
    expect(foreign).not.toContain('办理中');
    expect(foreign).not.toContain('报修');
    const unknown = `${N1.slice(0, -4)}9999`;
    await inbound(envelope(M2, `CX ${unknown}`));
    expect(textsTo(M2).at(-1)).toBe(foreign.replace(N1, unknown));
  });

  it('TD opts out: a later broadcast skips that number, case notices still go', async () => {
    expect((await inbound(envelope(M2, 'TD'))).body.status).toBe('opted-out');
    const before = sent.length;
    const b = await call(app, 'POST', '/api/t/sms/broadcasts', tokens.worker, {
      text: '本周六上午社区开展义诊活动',
      area: { community: C1 },
    });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body).toMatchObject({ recipients: 2, sent: 1, failed: 0, skippedOptOut: 1 });
    const out = sent.slice(before);
    expect(out.map((e) => e.to)).toEqual([`+86${M1}`]);
    const log = await call(app, 'GET', '/api/t/sms/log', tokens.operator);
    const states = log.body.items.filter((e: Json) => e.broadcastId === b.body.id).map((e: Json) => e.state);
    expect(states.sort()).toEqual(['sent', 'skipped-opt-out']);
    expect(log.text).not.toContain(M2);
    // A case notice is not a broadcast: it still reaches the opted-out number.
    const filed = await fileFor(M2, 'call-centre');
    expect(filed.status).toBe(201);
    const done = await call(app, 'POST', `/api/t/cases/${filed.body.id}/actions`, tokens.worker, {
      action: 'approve',
      step: 0,
    });
    expect(done.status).toBe(200);
    expect(textsTo(M2).some((t) => t.includes(filed.body.number))).toBe(true);
    // …and it is in the district's SMS log with its delivery state, the number masked.
    const after = await call(app, 'GET', '/api/t/sms/log', tokens.operator);
    const notices = after.body.items.filter(
      (e: Json) => e.kind === 'notice' && String(e.text).includes(filed.body.number),
    );
    expect(notices.map((e: Json) => [e.direction, e.state])).toContainEqual(['out', 'sent']);
    expect(after.text).not.toContain(M2);
  });

  it('anything else opens a message the hotline turns into a case with channel sms', async () => {
    expect((await inbound(envelope(M1, '3号楼下水道堵了，麻烦派人看看'))).body.status).toBe('message-opened');
    const list = await call(app, 'GET', '/api/t/sms/messages?status=open', tokens.operator);
    expect(list.status).toBe(200);
    const msg = list.body.items.find((m: Json) => m.text.includes('下水道'));
    expect(msg).toMatchObject({ from: M1, status: 'open' });
    const filed = await fileFor(M1, 'sms');
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body.channel).toBe('sms');
    const closed = await call(
      app,
      'POST',
      `/api/t/sms/messages/${encodeURIComponent(msg.id)}/close`,
      tokens.operator,
      {
        caseNumber: filed.body.number,
      },
    );
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', caseNumber: filed.body.number });
    const again = await call(
      app,
      'POST',
      `/api/t/sms/messages/${encodeURIComponent(msg.id)}/close`,
      tokens.operator,
      {},
    );
    expect(again.status).toBe(409);
    const inbox = await call(app, 'GET', '/api/t/cases?scope=district&channel=sms', tokens.operator);
    expect(inbox.body.items.map((i: Json) => i.number)).toContain(filed.body.number);
    // The number is sealed at rest.
    expect(JSON.stringify(await partition('SMSIN'))).not.toContain(M1);
  });

  it('a redelivered message is handled once', async () => {
    const m = envelope(M1, '再发一次同样的消息');
    expect((await inbound(m)).body.status).toBe('message-opened');
    expect((await inbound(m)).body.status).toBe('duplicate');
  });
});

describe('the dev outbox form (local, unsigned)', () => {
  it('posts the same envelope to the webhook of a platform without SNS certificates', async () => {
    const local = createTenantApp({
      ...createLocalDeps(env, { throttle: false }),
      now: () => clock.getTime(),
      notifier: { send: async (e) => void sent.push(e) },
    });
    const form = new URLSearchParams({ key: smsKey, from: M1, text: `CX ${N1}` });
    const res = await devSmsForm(
      new Request('http://local/dev/sms', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }),
      local,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('status-replied');
    expect(textsTo(M1).at(-1)).toContain(N1);
    // A webhook that checks signatures (as in AWS) refuses the same unsigned envelope.
    const checking = createTenantApp({
      ...createLocalDeps(env, { throttle: false }),
      now: () => clock.getTime(),
      snsCerts: async () => sns.cert,
    });
    const signed = await devSmsForm(
      new Request('http://local/dev/sms', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }),
      checking,
    );
    expect(signed.status).toBe(400);
    expect(await signed.text()).toContain('SNS_SIGNATURE_INVALID');
  });
});

describe('broadcast rules', () => {
  it('the daily limit refuses a broadcast that would pass it, and sends nothing', async () => {
    const rules = await call(app, 'PUT', '/api/t/sms/rules', tokens.admin, {
      dailyLimit: 1,
      quietFrom: 21,
      quietUntil: 8,
    });
    expect(rules.status).toBe(200);
    const before = sent.length;
    // M2 opted out: the one text left for M1 would be the second of the day.
    const res = await call(app, 'POST', '/api/t/sms/broadcasts', tokens.worker, {
      text: '停水通知',
      area: { community: C1 },
    });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('SMS_DAILY_LIMIT');
    expect(sent.length).toBe(before);
  });

  it('quiet hours refuse a broadcast; bad input and another community are refused', async () => {
    await call(app, 'PUT', '/api/t/sms/rules', tokens.admin, {
      dailyLimit: 100,
      quietFrom: 9,
      quietUntil: 11,
    });
    const before = sent.length;
    const quiet = await call(app, 'POST', '/api/t/sms/broadcasts', tokens.worker, {
      text: '通知',
      area: { community: C1 },
    });
    expect(quiet.status).toBe(409);
    expect(quiet.body.code).toBe('SMS_QUIET_HOURS');
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    const other = await call(app, 'POST', '/api/t/sms/broadcasts', tokens.worker, {
      text: '通知',
      area: { community: A.communities[1] ?? `${C1.slice(0, 9)}999` },
    });
    expect(other.status).toBe(403);
    for (const body of [
      { text: '<b>x</b>', area: { community: C1 } },
      { text: 'x', area: {} },
      { text: 'x' },
    ]) {
      const res = await call(app, 'POST', '/api/t/sms/broadcasts', tokens.worker, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(sent.length).toBe(before);
    const bad = await call(app, 'PUT', '/api/t/sms/rules', tokens.admin, {
      dailyLimit: -1,
      quietFrom: 25,
      quietUntil: 8,
    });
    expect(bad.status).toBe(400);
  });
});

describe('the ministry indicator of hotline reach', () => {
  it('counts the texts residents sent the hotline, as a figure only', async () => {
    const raw = await collectRaw({
      store: new TenantStores(() => doc).for(A.tenant),
      tenantId: A.tenant.id,
      modulesEnabled: [],
      staff: [],
      now: clock.getTime(),
    });
    const inbound = await partition('SMSIN');
    expect(inbound.length).toBeGreaterThan(0);
    // No calls in this district: every contact is a text for the hotline.
    expect(raw.counts.hotlineContacts).toBe(inbound.length);
  });
});
