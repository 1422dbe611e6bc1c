/**
 * Service definitions in storage: the catalogue partition holds each service's current definition
 * (one Query lists a district's catalogue), and every version is kept as an immutable item so a
 * case is always read with the definition it was filed under.
 */
import { type Actor, auditPut, transactRetry } from '@linli/population';
import type { Item, TenantStore, TransactOp } from '@linli/tenancy';
import type { ServiceDefinition } from '../catalogue.ts';
import { ServiceErrors } from '../errors.ts';
import { defVersion, svcKeys } from './keys.ts';

export interface CatalogueEntry {
  readonly definition: ServiceDefinition;
  /** False when the district has switched the service off. */
  readonly enabled: boolean;
  /** `template` = the national template as provisioned; `district` = adapted by the district. */
  readonly origin: 'template' | 'district';
  readonly updatedAt: string;
  readonly updatedBy: string;
}

const headItem = (store: TenantStore, e: CatalogueEntry): Item => ({
  pk: svcKeys(store).catalogue(),
  sk: `SERVICE#${e.definition.code}`,
  type: 'service',
  code: e.definition.code,
  version: e.definition.version,
  ...e,
});

const versionItem = (store: TenantStore, e: CatalogueEntry): Item => ({
  pk: svcKeys(store).definition(e.definition.code),
  sk: defVersion(e.definition.version),
  type: 'service-version',
  definition: e.definition,
  createdAt: e.updatedAt,
  createdBy: e.updatedBy,
});

/** Items that provision a district's catalogue from the national templates (version 1 each). */
export const catalogueSeedItems = (
  store: TenantStore,
  templates: readonly ServiceDefinition[],
  at: string,
): Item[] =>
  templates.flatMap((definition) => {
    const e: CatalogueEntry = {
      definition,
      enabled: true,
      origin: 'template',
      updatedAt: at,
      updatedBy: 'system',
    };
    return [headItem(store, e), versionItem(store, e)];
  });

const entryOf = (it: Record<string, unknown>): CatalogueEntry => ({
  definition: it.definition as ServiceDefinition,
  enabled: it.enabled !== false,
  origin: it.origin === 'district' ? 'district' : 'template',
  updatedAt: String(it.updatedAt ?? ''),
  updatedBy: String(it.updatedBy ?? ''),
});

/** The district's catalogue as stored, in code order. */
export const listCatalogue = async (store: TenantStore): Promise<CatalogueEntry[]> =>
  (await store.queryAll<Record<string, unknown>>({ pk: svcKeys(store).catalogue(), skPrefix: 'SERVICE#' }))
    .filter((it) => it.definition)
    .map(entryOf);

export const getCatalogueEntry = async (store: TenantStore, code: string): Promise<CatalogueEntry> => {
  const it = await store.get<Record<string, unknown>>(svcKeys(store).catalogue(), `SERVICE#${code}`);
  if (!it?.definition) throw ServiceErrors.serviceNotFound();
  return entryOf(it);
};

/** One version of a definition (the one a case was filed under). */
export const getDefinitionVersion = async (
  store: TenantStore,
  code: string,
  version: number,
): Promise<ServiceDefinition> => {
  const it = await store.get<Record<string, unknown>>(svcKeys(store).definition(code), defVersion(version));
  if (!it?.definition) throw ServiceErrors.serviceNotFound();
  return it.definition as ServiceDefinition;
};

/**
 * Save a district's adapted definition as the next version: the version item is created
 * (never overwritten) and the head is replaced only if it still holds the version the editor saw
 * (`expectedVersion: 0` adopts a service the catalogue does not hold yet). Audited with the change.
 * `definition` must already be validated and carry its initials (`prepareDefinition`).
 */
export const saveDefinition = async (
  store: TenantStore,
  definition: ServiceDefinition,
  opts: { expectedVersion: number; enabled?: boolean; actor: string | Actor; now?: Date },
): Promise<CatalogueEntry> => {
  const at = (opts.now ?? new Date()).toISOString();
  const actor: Actor =
    typeof opts.actor === 'string' ? { id: opts.actor, role: 'system', channel: 'system' } : opts.actor;
  const e: CatalogueEntry = {
    definition: { ...definition, version: opts.expectedVersion + 1 },
    enabled: opts.enabled ?? true,
    origin: 'district',
    updatedAt: at,
    updatedBy: actor.id,
  };
  const head: TransactOp =
    opts.expectedVersion === 0
      ? { put: headItem(store, e), condition: 'attribute_not_exists(pk)' }
      : { put: headItem(store, e), condition: 'version = :v', values: { ':v': opts.expectedVersion } };
  await commit(store, [
    { put: versionItem(store, e), condition: 'attribute_not_exists(pk)' },
    head,
    auditPut(store, actor, 'service.save', `service:${definition.code}`, {
      detail: { version: e.definition.version },
    }),
  ]);
  return e;
};

/** Switch a service on or off for the district (the definition version stays). Audited. */
export const setServiceEnabled = async (
  store: TenantStore,
  code: string,
  opts: { enabled: boolean; expectedVersion: number; actor: Actor; now?: Date },
): Promise<CatalogueEntry> => {
  const current = await getCatalogueEntry(store, code);
  const at = (opts.now ?? new Date()).toISOString();
  await commit(store, [
    {
      update: { pk: svcKeys(store).catalogue(), sk: `SERVICE#${code}` },
      expression: 'SET enabled = :e, updatedAt = :at, updatedBy = :by',
      condition: 'version = :v',
      values: { ':e': opts.enabled, ':at': at, ':by': opts.actor.id, ':v': opts.expectedVersion },
    },
    auditPut(store, opts.actor, opts.enabled ? 'service.enable' : 'service.disable', `service:${code}`),
  ]);
  return { ...current, enabled: opts.enabled, updatedAt: at, updatedBy: opts.actor.id };
};

const commit = async (store: TenantStore, ops: TransactOp[]) => {
  try {
    await transactRetry(store, ops);
  } catch (err) {
    if ((err as { code?: string }).code === 'CONFLICT') throw ServiceErrors.definitionVersionConflict();
    throw err;
  }
};

/** `getCatalogueEntry`, or `undefined` when the district does not hold the service. */
export const findCatalogueEntry = async (store: TenantStore, code: string) =>
  getCatalogueEntry(store, code).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'SERVICE_NOT_FOUND') return undefined;
    throw err;
  });
