/**
 * What the catalogue routes share (tenant app and the public routes of the control app): the
 * response schemas, the district's modules, and the lookups that answer `MODULE_NOT_ENABLED` for
 * a service of a module the district does not have.
 */
import { z } from '@hono/zod-openapi';
import {
  type CatalogueEntry,
  CHANNELS,
  departmentName,
  getCatalogueEntry,
  isOffered,
  offeredServices,
  plainText,
  type ServiceDefinition,
  ServiceErrors,
  serviceDefinitionSchema,
} from '@linli/services';
import type { Tenant, TenantStore } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import { moduleNotEnabled } from '../../modules.ts';
import { Bilingual, named, pageOf } from '../../openapi.ts';

export const ServiceDefinitionSchema = named(serviceDefinitionSchema, 'ServiceDefinition');

export const ServiceSummary = z
  .object({
    code: z.string(),
    name: Bilingual,
    summary: Bilingual,
    department: z.string(),
    departmentName: Bilingual,
    module: z.string().nullable(),
    channels: z.array(z.enum(CHANNELS)),
    timeLimitDays: z.number().int(),
    initials: z.string().optional(),
    version: z.number().int(),
  })
  .openapi('ServiceSummary');
export const ServiceList = pageOf(ServiceSummary).openapi('ServiceList');

/** A service guide (办事指南): materials, steps, time limit, eligibility, owning department. */
export const ServiceGuide = z
  .object({ service: ServiceDefinitionSchema, departmentName: Bilingual })
  .openapi('ServiceGuide');

export const CatalogueQuery = z.object({
  channel: z.enum(CHANNELS).optional(),
  /** Chinese text (`低保`) or pinyin initials (`dbsq`). */
  q: z.optional(plainText(40)),
});

export const CodeParam = z.object({ code: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/) });

export const summaryOf = (d: ServiceDefinition): z.infer<typeof ServiceSummary> => ({
  code: d.code,
  name: d.name,
  summary: d.summary,
  department: d.department,
  departmentName: departmentName(d),
  module: d.module,
  channels: [...d.channels],
  timeLimitDays: d.timeLimitDays,
  ...(d.initials ? { initials: d.initials } : {}),
  version: d.version,
});

export const guideOf = (d: ServiceDefinition) => ({ service: d, departmentName: departmentName(d) });

/** The district's enabled modules, from fresh flags. */
export const modulesOf = async (deps: ApiDeps, tenant: Tenant): Promise<string[]> => {
  await deps.flags?.service.ensureFresh();
  return deps.modulesFor(tenant);
};

/** The module check every service-specific route makes: a hidden module's service does not answer. */
export const assertOffered = (def: ServiceDefinition, modules: readonly string[]): void => {
  if (!isOffered(def, modules)) throw moduleNotEnabled(def.module ?? '');
};

/** One service a resident may use: known, in an enabled module, switched on. */
export const offeredEntry = async (
  store: TenantStore,
  modules: readonly string[],
  code: string,
): Promise<CatalogueEntry> => {
  const entry = await getCatalogueEntry(store, code);
  assertOffered(entry.definition, modules);
  if (!entry.enabled) throw ServiceErrors.serviceDisabled();
  return entry;
};

/** The list residents see. */
export const offeredList = (
  entries: readonly CatalogueEntry[],
  modules: readonly string[],
  q: z.infer<typeof CatalogueQuery>,
) => ({
  items: offeredServices(entries, { modules, channel: q.channel, q: q.q }).map((e) =>
    summaryOf(e.definition),
  ),
});
