/**
 * Filing a case, shared by the portal (a resident for themself) and the counter (a worker on a
 * resident's behalf): the service's module, the form checked against the definition, the uploads
 * it references checked against their tickets and storage, then one transaction that files the
 * case, attaches the uploads and writes the applicant's portal message; the SMS follows.
 */
import { z } from '@hono/zod-openapi';
import { Errors, newId, validationError } from '@linli/core';
import {
  type Applicant,
  type CaseStore,
  type CaseView,
  type Channel,
  chinaDate,
  type FormData,
  formSchemaOf,
  getCatalogueEntry,
  type ServiceDefinition,
  ServiceErrors,
} from '@linli/services';
import { appendTenantAudit, listCommunities } from '@linli/tenancy';
import { assertModule, type C, type CasesContext, materialFiles, notification } from './cases-shared.ts';

/** The form checked against its definition; field issues are named `form.<key>`. */
export const checkForm = (def: ServiceDefinition, form: unknown, today: string): FormData => {
  const res = z.object({ form: formSchemaOf(def, today) }).safeParse({ form });
  if (!res.success) throw validationError(res.error);
  return res.data.form as FormData;
};

/** The district's current definition of a service, enabled and with its module on. */
export const offeredService = async (ctx: CasesContext, c: C, code: string): Promise<ServiceDefinition> => {
  const entry = await getCatalogueEntry(c.get('store'), code);
  if (!entry.enabled) throw ServiceErrors.serviceDisabled();
  await assertModule(ctx.deps, c, entry.definition);
  return entry.definition;
};

/** The community exists in this district (a code of another district is simply unknown). */
export const assertCommunity = async (c: C, code: string) => {
  const all = await listCommunities(c.get('store'), code.slice(0, 9));
  if (!all.some((x) => x.code === code))
    throw Errors.validation(undefined, {
      issues: [
        {
          field: 'communityCode',
          code: 'COMMUNITY_UNKNOWN',
          message: { zh: '本区县没有这个社区', en: 'No such community in the district' },
        },
      ],
    });
};

/** Whether a form references any upload (a form without files needs no upload store). */
const hasUploads = (def: ServiceDefinition, form: FormData) =>
  def.fields.some(
    (f) => f.type === 'file' && Array.isArray(form[f.key]) && (form[f.key] as unknown[]).length > 0,
  );

/** Checks the uploads a form references; the steps that attach them to the case. */
export const verifyUploads = async (
  ctx: CasesContext,
  c: C,
  def: ServiceDefinition,
  form: FormData,
  owner: string,
  attachedTo?: string,
) => {
  if (!hasUploads(def, form)) return () => [];
  const files = materialFiles(ctx.deps);
  const tenantId = c.get('ctx').tenant!.id;
  return ctx.uploadsOf(c).verify(def, form, owner, (id) => files.exists(tenantId, id), attachedTo);
};

export interface Filing {
  readonly def: ServiceDefinition;
  readonly applicant: Applicant;
  readonly channel: Channel;
  readonly communityCode: string;
  readonly form: FormData;
  readonly key: string;
  readonly contact?: string | undefined;
  readonly filedBy?: string;
  /** Whose upload tickets the form may reference (`R.<sub>` / `S.<sub>`). */
  readonly owner: string;
  /** An internal note written with the case (what a channel sent beside the form: a location, a photo link). */
  readonly internalNote?: string;
  readonly actor: {
    id: string;
    name?: string;
    role: string;
    channel: 'web' | 'kiosk' | 'call-centre' | 'api';
  };
}

/** File the case once per key: `created: false` when an earlier attempt with the key filed it. */
export const fileCase = async (
  ctx: CasesContext,
  c: C,
  cases: CaseStore,
  f: Filing,
): Promise<{ case: CaseView; created: boolean }> => {
  const sub = {
    serviceCode: f.def.code,
    channel: f.channel,
    applicant: f.applicant,
    communityCode: f.communityCode,
    form: f.form,
    idempotencyKey: f.key,
    ...(f.contact ? { contact: f.contact } : {}),
    ...(f.filedBy ? { filedBy: f.filedBy } : {}),
  };
  const earlier = await cases.existing(sub);
  if (earlier) return { case: await replayed(c, f, earlier), created: false };
  const attach = await verifyUploads(ctx, c, f.def, f.form, f.owner);
  const note = notification(ctx.deps, c, cases, f.def);
  let attachFor: string | undefined;
  const out = await cases.submit(sub, f.actor, {
    extraOps: (next) => {
      attachFor = next.id;
      const withNote = f.internalNote ? [...attach(next.id), noteOp(cases, next, f)] : attach(next.id);
      return note.ops('submit', {}, withNote)(next);
    },
  });
  if (out.created && attachFor === out.case.id) await note.send();
  return out.created ? out : { case: await replayed(c, f, out.case), created: false };
};

/** The put of a filing's internal note, in the case's own transaction (its author is the filer). */
const noteOp = (cases: CaseStore, next: CaseView, f: Filing) => {
  const n = {
    id: newId(),
    at: next.createdAt,
    author: f.actor.id,
    visibility: 'internal' as const,
    text: f.internalNote ?? '',
  };
  return {
    put: { pk: cases.keys.case(next.id), sk: `NOTE#${n.at}#${n.id}`, type: 'case-note', ...n },
    condition: 'attribute_not_exists(pk)',
  };
};

/** A retry answered with the case an earlier attempt filed: nothing changes, the retry is on record. */
const replayed = async (c: C, f: Filing, existing: CaseView) => {
  await appendTenantAudit(c.get('store'), {
    actor: f.actor.id,
    ...(f.actor.name ? { actorName: f.actor.name } : {}),
    role: f.actor.role,
    action: 'case.submit-replayed',
    target: `case:${existing.id}`,
    channel: f.actor.channel,
    detail: { number: existing.number },
  });
  return existing;
};

export const today = (ctx: CasesContext) => chinaDate(new Date(ctx.deps.now?.() ?? Date.now()));
