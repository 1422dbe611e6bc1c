/**
 * One-stop services storage on DynamoDB Local: idempotent submission under concurrency, case
 * numbers without duplicates, the 高龄津贴 flow across three levels with conditional transitions,
 * a return for materials, the inbox by scope, sealed personal answers, definition versions.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { localKeys } from '@linli/local';
import { makeCitizenId, TenantCipher } from '@linli/population';
import {
  type Applicant,
  CaseStore,
  catalogueSeedItems,
  getCatalogueEntry,
  listCatalogue,
  prepareDefinition,
  type StaffActor,
  saveDefinition,
} from '@linli/services';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import { TenantStores } from '@linli/tenancy';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);

let district: Awaited<ReturnType<typeof makeDistrict>>;
let cases: CaseStore;
let C1: string;
let C3: string;
// Filed on the last working day before 国庆 2026 (10:00 in Beijing).
const FILED = new Date('2026-09-30T02:00:00Z');
let clock = FILED;

const staff = (id: string, roles: string[], scope: StaffActor['scope']) => ({
  id,
  role: roles[0]!,
  roles,
  scope,
});
let worker: ReturnType<typeof staff>;
let workerC3: ReturnType<typeof staff>;
let street: ReturnType<typeof staff>;
let civil: ReturnType<typeof staff>;
let labour: ReturnType<typeof staff>;

const portal = { id: 'resident-sub', role: 'resident', channel: 'web' as const };
const idNumber = makeCitizenId('110101', '1940-03-02', 7);
const elderlyForm = (over: Record<string, unknown> = {}) => ({
  'applicant-name': '张桂兰',
  'id-number': idNumber,
  mobile: '13912345678',
  address: '东城区多福巷社区3号楼2单元501室',
  'bank-account': '6222000011112222',
  'id-card-scan': [
    { uploadId: '01JD0000000000000000000000', name: 'id.jpg', type: 'image/jpeg', size: 2048 },
  ],
  ...over,
});
let seq = 0;
const submit = (applicant: Applicant, key: string, over: Record<string, unknown> = {}, communityCode = C1) =>
  cases.submit(
    {
      serviceCode: 'elderly-allowance',
      channel: 'portal',
      applicant,
      communityCode,
      form: elderlyForm(over),
      idempotencyKey: key,
    },
    portal,
  );
const key = () => `key-${Date.now()}-${seq++}`;

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: { code?: string }) => e.code,
  );

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1, , C3] = district.communities as [string, string, string];
  const store = new TenantStores(() => doc).for(district.tenant);
  await store.batchPut(catalogueSeedItems(store, SERVICE_TEMPLATES, new Date().toISOString()));
  cases = new CaseStore(store, await TenantCipher.forTenant(localKeys(env), district.tenant.id), {
    districtCode: district.tenant.divisionCode,
    now: () => clock,
  });
  const s1 = C1.slice(0, 9);
  worker = staff('w1', ['community-worker'], { communityCode: C1, streetCode: s1 });
  workerC3 = staff('w3', ['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) });
  street = staff('s1', ['street-staff'], { streetCode: s1 });
  civil = staff('c1', ['department-staff'], { department: 'civil-affairs' });
  labour = staff('l1', ['department-staff'], { department: 'labour' });
});

describe('catalogue in storage', () => {
  it('lists the provisioned templates and keeps versions when a district adapts one', async () => {
    const store = cases.store;
    expect((await listCatalogue(store)).map((e) => e.definition.code).sort()).toEqual(
      SERVICE_TEMPLATES.map((t) => t.code).sort(),
    );
    const v1 = await getCatalogueEntry(store, 'venue-booking');
    const adapted = await prepareDefinition({
      ...v1.definition,
      name: { zh: '活动场地预约', en: 'Venue booking' },
    });
    const saved = await saveDefinition(store, adapted, { expectedVersion: 1, actor: 'admin' });
    expect(saved.definition).toMatchObject({ version: 2, initials: 'hdcdyy' });
    expect(await codeOf(saveDefinition(store, adapted, { expectedVersion: 1, actor: 'admin' }))).toBe(
      'SERVICE_VERSION_CONFLICT',
    );
    expect((await cases.definition('venue-booking', 1)).name.zh).toBe('场地预约');
    expect((await getCatalogueEntry(store, 'venue-booking')).definition.version).toBe(2);
  });
});

describe('submission', () => {
  it('50 parallel submissions with 25 idempotency keys make 25 cases with 25 distinct numbers', async () => {
    const keys = Array.from({ length: 25 }, () => key());
    const applicant: Applicant = { kind: 'resident', id: 'r-parallel' };
    const results = await Promise.all([...keys, ...keys].map((k) => submit(applicant, k)));
    const ids = new Set(results.map((r) => r.case.id));
    expect(ids.size).toBe(25);
    expect(results.filter((r) => r.created).length).toBe(25);
    const numbers = new Set(results.map((r) => r.case.number));
    expect(numbers.size).toBe(25);
    for (const n of numbers)
      expect(n).toMatch(new RegExp(`^${district.tenant.divisionCode}-20260930-\\d{4}$`));
    // Every key names its one case, and the applicant's list holds exactly those cases.
    for (const k of keys) {
      const again = await submit(applicant, k);
      expect(again.created).toBe(false);
      expect(ids.has(again.case.id)).toBe(true);
    }
    const mine = await cases.ofApplicant(applicant, { limit: 100 });
    expect(new Set(mine.items.map((c) => c.id))).toEqual(ids);
  });

  it('the same key with a different body is refused; a service not offered on a channel too', async () => {
    const applicant: Applicant = { kind: 'resident', id: 'r-reuse' };
    const k = key();
    await submit(applicant, k);
    expect(await codeOf(submit(applicant, k, { 'bank-account': '999' }))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(
      await codeOf(
        cases.submit(
          {
            serviceCode: 'elderly-allowance',
            channel: 'sms',
            applicant,
            communityCode: C1,
            form: elderlyForm(),
            idempotencyKey: key(),
          },
          portal,
        ),
      ),
    ).toBe('SERVICE_CHANNEL_NOT_OFFERED');
    expect(
      await codeOf(
        cases.submit(
          {
            serviceCode: 'no-such',
            channel: 'portal',
            applicant,
            communityCode: C1,
            form: {},
            idempotencyKey: key(),
          },
          portal,
        ),
      ),
    ).toBe('SERVICE_NOT_FOUND');
  });

  it('seals personal answers: the stored items hold no ID number, mobile, name or address', async () => {
    const { case: c } = await submit({ kind: 'caller', mobile: '13700001111' }, key());
    const raw = await doc.send(
      new QueryCommand({
        TableName: district.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': cases.keys.case(c.id) },
      }),
    );
    const text = JSON.stringify(raw.Items);
    for (const secret of [idNumber, '13912345678', '13700001111', '张桂兰', '多福巷', '6222000011112222'])
      expect(text).not.toContain(secret);
    expect((await cases.read(c.id))?.form['id-number']).toBe(idNumber);
    const masked = await cases.getFor(c.id, worker);
    expect(masked.form).toMatchObject({
      'applicant-name': '张**',
      mobile: '139****5678',
      'bank-account': '***',
    });
  });
});

describe('workflow in storage', () => {
  it('高龄津贴: community accepts → street reviews → civil affairs approves, with the timeline', async () => {
    clock = FILED;
    const applicant: Applicant = { kind: 'resident', id: 'r-flow' };
    const { case: c } = await submit(applicant, key());
    expect(c).toMatchObject({ status: 'pending', stepIndex: 0, stepDue: '2026-10-10', version: 1 });

    clock = new Date('2026-10-08T02:00:00Z');
    const a = await cases.act(c.id, worker, { action: 'accept', step: 0 });
    expect(a).toMatchObject({ stepIndex: 1, stepDue: '2026-10-14', version: 2 });
    const b = await cases.act(c.id, street, { action: 'accept', step: 1 });
    expect(b).toMatchObject({ stepIndex: 2, department: 'civil-affairs', version: 3 });
    const d = await cases.act(c.id, civil, { action: 'approve', step: 2 });
    expect(d).toMatchObject({ status: 'approved', closedOn: '2026-10-08', version: 4 });

    const events = await cases.timeline(c.id);
    expect(events.map((e) => [e.action, e.actor, e.toStep, e.status])).toEqual([
      ['submit', 'resident-sub', 0, 'pending'],
      ['accept', 'w1', 1, 'pending'],
      ['accept', 's1', 2, 'pending'],
      ['approve', 'c1', 2, 'approved'],
    ]);
    const approved = await cases.inbox({ kind: 'community', unit: C1 }, 'approved');
    expect(approved.items.map((i) => i.caseId)).toContain(c.id);
    const pending = await cases.inbox({ kind: 'district' }, 'pending', { limit: 200 });
    expect(pending.items.map((i) => i.caseId)).not.toContain(c.id);
  });

  it('wrong step 409, not your step 403, another community or department 404; a race has one winner', async () => {
    clock = FILED;
    const { case: c } = await submit({ kind: 'resident', id: 'r-wrong' }, key());
    expect(await codeOf(cases.act(c.id, worker, { action: 'accept', step: 1 }))).toBe('CASE_WRONG_STEP');
    expect(await codeOf(cases.act(c.id, worker, { action: 'approve', step: 0 }))).toBe('CASE_WRONG_STEP');
    expect(await codeOf(cases.act(c.id, street, { action: 'accept', step: 0 }))).toBe('CASE_NOT_YOUR_STEP');
    expect(await codeOf(cases.act(c.id, workerC3, { action: 'accept', step: 0 }))).toBe('CASE_NOT_FOUND');
    expect(await codeOf(cases.act(c.id, labour, { action: 'accept', step: 0 }))).toBe('CASE_NOT_FOUND');
    expect(await codeOf(cases.getFor(c.id, workerC3))).toBe('CASE_NOT_FOUND');

    const race = await Promise.allSettled([
      cases.act(c.id, worker, { action: 'accept', step: 0 }),
      cases.act(c.id, worker, { action: 'accept', step: 0 }),
      cases.act(c.id, worker, { action: 'reject', step: 0, reason: '重复' }),
    ]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of race)
      if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('CASE_WRONG_STEP');
    const after = await cases.read(c.id);
    expect(after?.version).toBe(2);
    expect(await cases.timeline(c.id)).toHaveLength(2);
  });

  it('return for materials (补正) and resubmit, with internal and resident notes apart', async () => {
    clock = new Date('2026-11-02T02:00:00Z');
    const applicant: Applicant = { kind: 'resident', id: 'r-return' };
    const { case: c } = await submit(applicant, key());
    clock = new Date('2026-11-03T02:00:00Z');
    const back = await cases.act(c.id, worker, { action: 'return', step: 0, reason: '请补充户口簿照片' });
    expect(back).toMatchObject({ status: 'returned', returnedOn: '2026-11-03' });
    const returned = await cases.inbox({ kind: 'community', unit: C1 }, 'returned');
    expect(returned.items.map((i) => i.caseId)).toContain(c.id);
    await cases.addNote(c.id, worker, { text: '已电话联系家属', visibility: 'internal' });
    await cases.addNote(c.id, worker, { text: '请上传户口簿首页', visibility: 'resident' });
    expect((await cases.notes(c.id, 'resident')).map((n) => n.text)).toEqual(['请上传户口簿首页']);
    expect(await cases.notes(c.id, 'staff')).toHaveLength(2);
    expect(
      await codeOf(cases.actAsApplicant(c.id, { kind: 'resident', id: 'someone-else' }, 'resubmit', portal)),
    ).toBe('CASE_NOT_FOUND');

    clock = new Date('2026-11-06T02:00:00Z');
    const again = await cases.actAsApplicant(c.id, applicant, 'resubmit', portal);
    expect(again).toMatchObject({
      status: 'pending',
      stepIndex: 0,
      stepDue: '2026-11-11',
      due: '2026-11-26',
    });
    expect(
      (await cases.inbox({ kind: 'community', unit: C1 }, 'returned')).items.map((i) => i.caseId),
    ).not.toContain(c.id);
    const accepted = await cases.act(c.id, worker, { action: 'accept', step: 0 });
    expect(accepted.stepIndex).toBe(1);
    expect((await cases.timeline(c.id)).map((e) => e.action)).toEqual([
      'submit',
      'return',
      'resubmit',
      'accept',
    ]);
  });

  it('the inbox per scope: desk, community, street, department, district — sorted by due, no Scan', async () => {
    clock = new Date('2026-11-10T02:00:00Z');
    const other = await submit({ kind: 'resident', id: 'r-c3' }, key(), {}, C3);
    clock = new Date('2026-11-09T02:00:00Z');
    const early = await submit({ kind: 'resident', id: 'r-c1' }, key());
    const c1Desk = await cases.inbox({ kind: 'desk', level: 'community', unit: C1 }, 'pending', {
      limit: 200,
    });
    const ids = c1Desk.items.map((i) => i.caseId);
    expect(ids).toContain(early.case.id);
    expect(ids).not.toContain(other.case.id);
    const dues = c1Desk.items.map((i) => i.stepDue);
    expect([...dues].sort()).toEqual(dues);
    expect(c1Desk.items[0]).not.toHaveProperty('form');

    const c3 = await cases.inbox({ kind: 'community', unit: C3 }, 'pending');
    expect(c3.items.map((i) => i.caseId)).toEqual([other.case.id]);
    const streetOfC3 = await cases.inbox({ kind: 'street', unit: C3.slice(0, 9) }, 'pending');
    expect(streetOfC3.items.map((i) => i.caseId)).toEqual([other.case.id]);
    const all = await cases.inbox({ kind: 'district' }, 'pending', { limit: 200 });
    expect(all.items.map((i) => i.caseId)).toEqual(expect.arrayContaining([early.case.id, other.case.id]));
    const dept = await cases.inbox({ kind: 'department', unit: 'civil-affairs' }, 'pending', { limit: 200 });
    expect(dept.items.length).toBe(all.items.length);
    expect((await cases.inbox({ kind: 'department', unit: 'labour' }, 'pending')).items).toEqual([]);

    // Pages: a cursor continues where the last page stopped, in due order.
    const p1 = await cases.inbox({ kind: 'district' }, 'pending', { limit: 5 });
    const p2 = await cases.inbox({ kind: 'district' }, 'pending', { limit: 5, cursor: p1.cursor! });
    expect(p1.items).toHaveLength(5);
    expect(p2.items[0]!.stepDue >= p1.items[4]!.stepDue).toBe(true);
    expect(new Set([...p1.items, ...p2.items].map((i) => i.caseId)).size).toBe(
      p1.items.length + p2.items.length,
    );
  });
});
