/*
 * `@linli/adapters/aws/sweep`: what a scheduled function that walks its stack's districts starts
 * from (督办 hourly, the daily indicators): the registry and each district's STS-scoped store,
 * with the flags when it asks for them. Apart from `createDeps` so its bundle carries no token
 * verification (jose), context resolution, notifier, Cognito or KMS client: nothing calls them.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FlagReader } from '@linli/rollout';
import { type Tenant, TenantRegistry, type TenantStores } from '@linli/tenancy';
import { flagReaderOf } from '../flag-runtime.ts';
import { awsBase } from './base-runtime.ts';

export { lambdaHandler } from './lambda.ts';

export interface SweepDeps {
  readonly doc: DynamoDBDocumentClient;
  readonly controlTable: string;
  readonly registry: TenantRegistry;
  readonly stores: TenantStores;
}

export interface SweepDepsWithFlags extends SweepDeps {
  readonly flags: FlagReader;
  /** The modules a district has on, as the APIs decide them. */
  readonly modulesFor: (tenant: Tenant) => string[];
}

const sweepOf = (env?: Record<string, string | undefined>) => {
  const { runtime } = awsBase(env);
  const deps: SweepDeps = {
    doc: runtime.doc,
    controlTable: runtime.controlTable,
    registry: new TenantRegistry(runtime.doc, runtime.controlTable),
    stores: runtime.stores,
  };
  return { runtime, deps };
};

/** The registry and the districts' scoped stores, as the API functions of the same stack have them. */
export const awsSweep = (env?: Record<string, string | undefined>): SweepDeps => sweepOf(env).deps;

/** {@link awsSweep} with the flag runtime (the indicators count only the modules a district has on). */
export const awsSweepWithFlags = (env?: Record<string, string | undefined>): SweepDepsWithFlags => {
  const { runtime, deps } = sweepOf(env);
  const flags = flagReaderOf(runtime);
  return { ...deps, flags, modulesFor: (tenant) => flags.service.modulesFor(tenant) };
};
