/**
 * Shared set-up of the request-lifecycle (办件) tests: a district with its catalogue, staff at
 * each level, a resident who signed up in the residents' pool (SMS code from the dev outbox) and
 * registered with the district, whose record the community keeps with the same mobile number.
 */
import {
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PlatformEnv } from '@linli/local';
import { Outbox } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { catalogueSeedItems } from '@linli/services';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import type { Tier } from '@linli/tables';
import { TenantStores } from '@linli/tenancy';
import { call, type Requester } from './call.ts';
import { docOf, makeDistrict, makeStaff, type TestUser } from './fixtures.ts';

const RESIDENT_PASSWORD = 'Linli-resident-2026';
let seq = 0;
const uniqueMobile = () =>
  `139${String(Date.now() * 10 + (seq++ % 10) + Math.floor(Math.random() * 1e4)).slice(-8)}`;

const codeFor = async (env: PlatformEnv, phone: string) => {
  for (let i = 0; i < 300; i++) {
    const code = new Outbox(env.dataDir).latestCode(phone);
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${phone}`);
};

/** A resident account (residents' pool, verified mobile) registered with the district `slug`. */
export const makeResident = async (env: PlatformEnv, control: Requester, slug: string) => {
  const mobile = uniqueMobile();
  const phone = `+86${mobile}`;
  const { clientId } = env.pools.residents;
  await env.cognito.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: phone,
      Password: RESIDENT_PASSWORD,
      UserAttributes: [
        { Name: 'phone_number', Value: phone },
        { Name: 'name', Value: '测试居民' },
      ],
    }),
  );
  const code = await codeFor(env, phone);
  await env.cognito.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: phone, ConfirmationCode: code }),
  );
  const auth = await env.cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: phone, PASSWORD: RESIDENT_PASSWORD },
    }),
  );
  const token = auth.AuthenticationResult?.AccessToken;
  if (!token) throw new Error('no access token');
  const reg = await call(control, 'POST', `/api/public/districts/${slug}/residents`, token, {});
  if (reg.status !== 201) throw new Error(`registration: ${reg.status} ${reg.text}`);
  return { mobile, phone, token };
};

export type ServiceDistrict = Awaited<ReturnType<typeof serviceDistrict>>;

/** A district with the national catalogue and staff at every level of the 高龄津贴 workflow. */
export const serviceDistrict = async (env: PlatformEnv, tier: Tier = 'standard') => {
  const d = await makeDistrict(env, { tier });
  const [C1, , C3] = d.communities as [string, string, string];
  const S1 = C1.slice(0, 9);
  const store = new TenantStores(() => docOf(env)).for(d.tenant);
  await store.batchPut(catalogueSeedItems(store, SERVICE_TEMPLATES, new Date().toISOString()));
  const staff = (roles: string[], scope: Record<string, string>) =>
    makeStaff(env, { kind: 'staff', tenantId: d.tenant.id, roles, scope });
  const [worker, worker2, workerC3, street, civil, labour, admin, operator] = await Promise.all([
    staff(['community-worker'], { communityCode: C1, streetCode: S1 }),
    staff(['community-worker'], { communityCode: C1, streetCode: S1 }),
    staff(['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
    staff(['street-staff'], { streetCode: S1 }),
    staff(['department-staff'], { department: 'civil-affairs' }),
    staff(['department-staff'], { department: 'labour' }),
    staff(['district-admin'], {}),
    staff(['call-centre-operator'], {}),
  ]);
  return { ...d, store, C1, C3, S1, worker, worker2, workerC3, street, civil, labour, admin, operator };
};

/** The community's record of a resident, born on `birthDate`, with the given mobile. */
export const recordResident = async (
  app: Requester,
  worker: TestUser,
  communityCode: string,
  mobile: string,
  birthDate = '1940-03-02',
) => {
  const res = await call(app, 'POST', '/api/t/residents', worker.accessToken, {
    name: '张桂兰',
    idNumber: makeCitizenId('110101', birthDate, 100 + (seq++ % 800)),
    registration: '户籍',
    mobile,
    communityCode,
    building: '3',
    unit: '2',
    room: '501',
  });
  if (res.status !== 201) throw new Error(`resident record: ${res.status} ${res.text}`);
  return res.body;
};
