/**
 * Open311 discovery and services: `discovery.{fmt}`, `services.{fmt}` and `services/{code}.{fmt}`
 * (the service definition, its attributes from the form fields). Anonymous reads of public
 * catalogue data; the services are the district's catalogue entries offered in channel `open311`.
 */

import { LinliError } from '@linli/core';
import {
  type CatalogueEntry,
  getCatalogueEntry,
  listCatalogue,
  type ServiceDefinition,
} from '@linli/services';
import { listCommunities, type Tenant } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import { modulesOf } from '../services/catalogue-shared.ts';
import { attributesOf, open311Ready } from './attributes.ts';
import type { C } from './district.ts';
import { type Node, Open311Error } from './format.ts';

/** The module a service belongs to (its group), or 社区事务 for the community services of every tier. */
const groupOf = (def: ServiceDefinition) => def.module ?? '社区事务';

/** The Open311 services of the district: enabled, module on, channel `open311`, no required upload. */
export const open311Services = async (deps: ApiDeps, c: C, tenant: Tenant): Promise<CatalogueEntry[]> => {
  const modules = await modulesOf(deps, tenant);
  return (await listCatalogue(c.get('store'))).filter(
    (e) =>
      e.enabled &&
      (e.definition.module === null || modules.includes(e.definition.module)) &&
      open311Ready(e.definition),
  );
};

/** One Open311 service, or the spec's 404 `service_code not found`. */
export const open311Service = async (deps: ApiDeps, c: C, tenant: Tenant, code: string) => {
  const notFound = new Open311Error(404, 'service_code not found');
  if (!/^[a-z][a-z0-9-]{1,47}$/.test(code)) throw notFound;
  let entry: CatalogueEntry;
  try {
    entry = await getCatalogueEntry(c.get('store'), code);
  } catch (err) {
    if (err instanceof LinliError && err.status === 404) throw notFound;
    throw err;
  }
  const modules = await modulesOf(deps, tenant);
  const def = entry.definition;
  if (!entry.enabled || !(def.module === null || modules.includes(def.module)) || !open311Ready(def))
    throw notFound;
  return def;
};

export const discoveryOf = (c: C, tenant: Tenant): Node => {
  const origin = new URL(c.req.url).origin;
  return {
    changeset: new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString().replace('.000Z', 'Z'),
    contact: `${tenant.name} 政务服务热线 ${tenant.hotline ?? '12345'}`,
    key_service: `${tenant.name}区县管理员在工作台“开放接口”页签发 / keys are issued by the district admin (workspace → Open311)`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${origin}/open311/v2/${tenant.slug}`,
        changeset: '2026-12-02T00:00:00Z',
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
};

export const serviceOf = (def: ServiceDefinition): Node => ({
  service_code: def.code,
  service_name: def.name.zh,
  description: def.summary.zh,
  metadata: true,
  type: 'realtime',
  keywords: [def.name.en, def.initials].filter(Boolean).join(','),
  group: groupOf(def),
});

export const definitionOf = async (c: C, def: ServiceDefinition): Promise<Node> => ({
  service_code: def.code,
  attributes: attributesOf(def, await listCommunities(c.get('store'))),
});
