/**
 * Provisioning workflow on the real engines: every step fails once AFTER doing its work (the
 * worst case for duplicates); the run stops with the step's error visible; an operator retry
 * resumes and completes without duplicate users, memberships, tables or streets.
 */
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { tierDefaultModules } from '@linli/api';
import { communitiesOf, findDistrict, streetsOf } from '@linli/divisions';
import {
  InProcessLauncher,
  loadState,
  type ProvisioningDeps,
  prepareProvisioning,
  resetFailed,
  runProvisioning,
  STEP_HANDLERS,
  STEPS,
  type StepName,
} from '@linli/onboarding';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import { listCommunities, listStreets, TenantRegistry, TenantStores } from '@linli/tenancy';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/env.ts';
import { docOf } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);
const registry = new TenantRegistry(doc, env.tables.control);
const stores = new TenantStores(() => doc);
const deps: ProvisioningDeps = {
  doc,
  controlTable: env.tables.control,
  registry,
  stores,
  cognito: env.cognito,
  staffPoolId: env.pools.staff.userPoolId,
  ensureSiloTable: env.ensureSiloTable,
  modulesFor: tierDefaultModules,
};

const CATEGORY = {
  areaType: 'urban-core',
  development: 'developed',
  migrantShare: 'normal',
  infrastructure: 'strong',
  hardship: 'normal',
} as const;

/** An applied tenant for a real district and its provisioning record. */
const applied = async (code: string, placement: 'pooled' | 'silo') => {
  const d = findDistrict(code)!;
  const tenant = await registry.create({
    divisionCode: code,
    slug: `p-${code}`,
    name: d.name,
    province: d.provinceName,
    city: d.cityName,
    tier: placement === 'silo' ? 'demonstration' : 'standard',
    category: CATEGORY,
    placement,
    wave: null,
    status: 'applied',
    dataTable: env.tables.pooledTenant,
  });
  await prepareProvisioning(deps, tenant.id, {
    username: `admin-${code}`,
    name: `${d.name}管理员`,
    email: `admin-${code}@example.gov.cn`,
    mobile: '13800138000',
  });
  return tenant;
};

/** The real handler runs, then the step "crashes" once (e.g. the Lambda timed out after writing). */
const failAfterOnce = (step: StepName) => {
  let failed = false;
  return {
    [step]: async (d: ProvisioningDeps, s: Parameters<(typeof STEP_HANDLERS)[StepName]>[1]) => {
      const out = await STEP_HANDLERS[step](d, s);
      if (!failed) {
        failed = true;
        throw new Error(`injected failure after ${step}`);
      }
      return out;
    },
  };
};

const usersNamed = async (username: string) =>
  (
    await env.cognito.send(
      new ListUsersCommand({ UserPoolId: env.pools.staff.userPoolId, Filter: `username = "${username}"` }),
    )
  ).Users?.filter((u) => u.Username === username).length ?? 0;

const noSleep = async () => {};

const CASES: [StepName, string, 'pooled' | 'silo'][] = [
  ['identity', '130107', 'pooled'],
  ['data-store', '150104', 'silo'],
  ['org-structure', '140107', 'pooled'],
  ['default-config', '330108', 'pooled'],
  ['flags', '150102', 'pooled'],
  ['activate', '140106', 'silo'],
];

describe('provisioning workflow: failure and operator retry of each step', () => {
  it.each(CASES)(
    '%s fails once after its writes; retry completes with no duplicates (%s, %s)',
    async (step, code, placement) => {
      const tenant = await applied(code, placement);
      const handlers = failAfterOnce(step);

      const first = await runProvisioning(deps, tenant.id, { maxAttempts: 1, handlers, sleep: noSleep });
      expect(first.status).toBe('failed');
      expect(first.steps[step]).toMatchObject({ status: 'failed', attempts: 1 });
      expect(first.steps[step].error).toContain(`injected failure after ${step}`);
      const before = STEPS.slice(0, STEPS.indexOf(step));
      expect(before.every((s) => first.steps[s].status === 'succeeded')).toBe(true);
      expect(STEPS.slice(STEPS.indexOf(step) + 1).every((s) => first.steps[s].status === 'pending')).toBe(
        true,
      );
      expect((await registry.get(tenant.id))!.status).toBe(step === 'activate' ? 'active' : 'provisioning');

      await resetFailed(deps, tenant.id);
      const second = await runProvisioning(deps, tenant.id, { handlers, sleep: noSleep });
      expect(second.status).toBe('succeeded');
      expect(second.steps[step]).toMatchObject({ status: 'succeeded', attempts: 2 });
      for (const s of before) expect(second.steps[s].attempts).toBe(1); // resumed, not restarted

      // no duplicates anywhere
      const t = (await registry.get(tenant.id))!;
      expect(t.status).toBe('active');
      expect(await usersNamed(`admin-${code}`)).toBe(1);
      const members = await registry.listMembers(tenant.id);
      expect(members).toHaveLength(1);
      expect(members[0]!.roles).toEqual(['district-admin']);
      const store = stores.for(t);
      const streets = await listStreets(store);
      expect(streets).toHaveLength(streetsOf(code).length);
      expect(new Set(streets.map((s) => s.code)).size).toBe(streets.length);
      expect(await listCommunities(store)).toHaveLength((await communitiesOf(code)).length);
      expect(await store.queryAll({ pk: store.keys.pk('CATALOGUE') })).toHaveLength(SERVICE_TEMPLATES.length);
      if (placement === 'silo') {
        const tables = (await env.dynamo.send(new ListTablesCommand({}))).TableNames ?? [];
        expect(tables.filter((n) => n.includes(tenant.id.toLowerCase()))).toHaveLength(1);
        expect(t.dataTable).toContain(tenant.id.toLowerCase());
      } else {
        expect(t.dataTable).toBe(env.tables.pooledTenant);
      }
    },
  );

  it('a transient failure is retried in the same run with backoff and recorded', async () => {
    const tenant = await applied('130105', 'pooled');
    const delays: number[] = [];
    let calls = 0;
    const state = await runProvisioning(deps, tenant.id, {
      baseDelayMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
      handlers: {
        'org-structure': async (d, s) => {
          calls++;
          if (calls < 3) throw new Error('ProvisionedThroughputExceededException');
          return STEP_HANDLERS['org-structure'](d, s);
        },
      },
    });
    expect(state.status).toBe('succeeded');
    expect(state.steps['org-structure'].attempts).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('the in-process launcher runs one workflow per tenant and reports through the control table', async () => {
    const tenant = await applied('130108', 'pooled');
    const launcher = new InProcessLauncher(deps, { sleep: noSleep });
    await Promise.all([launcher.start(tenant.id), launcher.start(tenant.id)]);
    const done = await launcher.settled(tenant.id);
    expect(done?.status).toBe('succeeded');
    const stored = await loadState(deps, tenant.id);
    expect(STEPS.map((s) => stored!.steps[s].attempts)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(stored!.outputs.modules).toEqual(tierDefaultModules({ tier: 'standard' }));
  });
});
