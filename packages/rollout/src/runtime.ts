/** One call wires store, distribution and governance for a deployable (local runner, Lambda). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantRegistry } from '@linli/tenancy';
import { FlagAdmin, type FlagAdminOptions } from './admin.ts';
import { FlagService, type FlagServiceOptions } from './service.ts';
import { FlagStore, type FlagStoreOptions } from './store.ts';

export interface FlagRuntimeOptions extends FlagServiceOptions, FlagStoreOptions, FlagAdminOptions {}

export interface FlagRuntime {
  readonly store: FlagStore;
  readonly service: FlagService;
  readonly admin: FlagAdmin;
}

/** The flags of a process that only reads them (the indicator collector): no governance. */
export type FlagReader = Pick<FlagRuntime, 'store' | 'service'>;

export const createFlagReader = (
  doc: DynamoDBDocumentClient,
  table: string,
  options: FlagServiceOptions & FlagStoreOptions = {},
): FlagReader => {
  const store = new FlagStore(doc, table, options);
  return { store, service: new FlagService(store, options) };
};

export const createFlagRuntime = (
  doc: DynamoDBDocumentClient,
  table: string,
  registry: Pick<TenantRegistry, 'list'>,
  options: FlagRuntimeOptions = {},
): FlagRuntime => {
  const { store, service } = createFlagReader(doc, table, options);
  return { store, service, admin: new FlagAdmin(store, service, registry, options) };
};
