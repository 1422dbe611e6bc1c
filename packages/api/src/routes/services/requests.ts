/**
 * The resident's side of a request (办件): the form prefilled from their record with the
 * eligibility result, and submission with an `Idempotency-Key` (a retried submission never makes
 * two cases). Under `/api/t/resident/*`: in AWS the residents' pool authorizer covers that prefix.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors } from '@linli/core';
import type { PopulationStore } from '@linli/population';
import {
  checkEligibility,
  type FormData,
  maskForm,
  prefillOf,
  type ResidentFacts,
  type ServiceDefinition,
} from '@linli/services';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, problems, security } from '../../openapi.ts';
import { assertCommunity, checkForm, fileCase, offeredService, today } from './cases-file.ts';
import { formOut, summaryOf } from './cases-present.ts';
import { CaseSummary, IdempotencyHeader, Prefill, ServiceCode } from './cases-schemas.ts';
import { type C, type CasesContext, ownMobile, ownRecord, residentOf } from './cases-shared.ts';

const errors = problems([400, 401, 403, 404, 409, 413, 415, 429, 503], {
  404: 'unknown service, not offered, or its module is not enabled (MODULE_NOT_ENABLED)',
  409: 'IDEMPOTENCY_KEY_REUSED: the key was used for another submission',
  503: 'material uploads or the key service not configured',
});

const prefill = createRoute({
  method: 'get',
  path: '/api/t/resident/services/{code}/prefill',
  summary:
    "A service's form prefilled from the signed-in resident's record (masked), and whether they are eligible",
  security,
  middleware: [permit('requests:create')] as const,
  request: { params: ServiceCode },
  responses: { 200: json(Prefill), ...errors },
});

const submit = createRoute({
  method: 'post',
  path: '/api/t/resident/cases',
  summary:
    'Apply for a service (channel `portal`). Fields prefilled from the resident record may be left out: the server fills them. Requires `Idempotency-Key`',
  security,
  middleware: [permit('requests:create')] as const,
  request: {
    headers: IdempotencyHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              service: ServiceCode.shape.code,
              form: z.record(z.string(), z.unknown()),
              /** Only when the district's database does not know the resident: where they live. */
              communityCode: z
                .string()
                .regex(/^\d{12}$/)
                .optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: json(CaseSummary, 'an earlier attempt with this key filed the case'),
    201: json(CaseSummary, 'filed'),
    ...errors,
  },
});

/** The record's answers, with the address as the district knows it. */
const factsOf = async (ctx: CasesContext, c: C, mobile?: string): Promise<ResidentFacts> => {
  const r = await ownRecord(ctx, c, mobile);
  if (!r) return {};
  const address = [r.building && `${r.building}号楼`, r.unit && `${r.unit}单元`, r.room && `${r.room}室`]
    .filter(Boolean)
    .join('');
  return { resident: { ...r, ...(address ? { address } : {}) } };
};

const eligibilityOf = (def: ServiceDefinition, facts: ResidentFacts, day: string) => {
  const issues = checkEligibility(def, facts, day);
  return { eligible: issues.length === 0, issues: issues.map((i) => ({ rule: i.rule, message: i.message })) };
};

export const notEligible = (issues: { message: { zh: string; en: string } }[]) =>
  Errors.validation(
    { zh: '不符合申请条件', en: 'Not eligible for this service' },
    {
      issues: issues.map((i) => ({ field: 'eligibility', code: 'SERVICE_NOT_ELIGIBLE', message: i.message })),
    },
  );

/** The answers the record gives, for the keys the resident left out. */
export const withPrefill = (def: ServiceDefinition, facts: ResidentFacts, form: FormData): FormData => {
  const known = prefillOf(def, facts);
  const out: FormData = { ...form };
  for (const [k, v] of Object.entries(known)) if (out[k] === undefined) out[k] = v;
  return out;
};

/**
 * The form of a case filed for someone else (counter, hotline, kiosk): the applicant eligible
 * (else 400 SERVICE_NOT_ELIGIBLE), the record's answers filled in where left out, the whole form
 * checked.
 */
export const eligibleForm = (def: ServiceDefinition, facts: ResidentFacts, form: FormData, day: string) => {
  const issues = checkEligibility(def, facts, day);
  if (issues.length) throw notEligible(issues);
  return checkForm(def, withPrefill(def, facts, form), day);
};

/** The record a mobile number finds: one active record, or none when it finds none or several. */
export const factsByMobile = async (pop: PopulationStore, mobile: string): Promise<ResidentFacts> => {
  const found = (await pop.searchTerm({ mobile }, undefined, 3)).items.filter((r) => r.status === 'active');
  return found.length === 1 ? { resident: found[0]! } : {};
};

export const registerRequestRoutes = (app: OpenAPIHono<AppEnv>, ctx: CasesContext) => {
  app.openapi(prefill, async (c) => {
    residentOf(c);
    const def = await offeredService(ctx, c, c.req.valid('param').code);
    const facts = await factsOf(ctx, c);
    const values = prefillOf(def, facts);
    return c.json(
      {
        service: { code: def.code, name: def.name, version: def.version },
        known: !!facts.resident,
        ...(facts.resident ? { communityCode: facts.resident.communityCode } : {}),
        form: formOut(maskForm(def, values)),
        prefilled: Object.keys(values),
        eligibility: eligibilityOf(def, facts, today(ctx)),
      },
      200,
    );
  });

  app.openapi(submit, async (c) => {
    const { applicant, actor } = residentOf(c);
    const body = c.req.valid('json');
    const key = c.req.valid('header')['idempotency-key'];
    const def = await offeredService(ctx, c, body.service);
    // One read of the caller's own account: the verified mobile finds the record and gets the texts.
    const mobile = await ownMobile(ctx.deps, c);
    const facts = await factsOf(ctx, c, mobile);
    const day = today(ctx);
    const elig = eligibilityOf(def, facts, day);
    if (!elig.eligible) throw notEligible(elig.issues);
    const communityCode = facts.resident?.communityCode ?? body.communityCode;
    if (!communityCode)
      throw Errors.validation(undefined, {
        issues: [
          {
            field: 'communityCode',
            code: 'COMMUNITY_REQUIRED',
            message: { zh: '请选择您所在的社区', en: 'Choose the community you live in' },
          },
        ],
      });
    await assertCommunity(c, communityCode);
    const form = checkForm(def, withPrefill(def, facts, body.form), day);
    const cases = await ctx.casesOf(c);
    const out = await fileCase(ctx, c, cases, {
      def,
      applicant,
      channel: 'portal',
      communityCode,
      form,
      key,
      contact: mobile,
      owner: `R.${applicant.id}`,
      actor,
    });
    const filedUnder = await cases.definition(out.case.serviceCode, out.case.serviceVersion);
    return c.json(summaryOf(filedUnder, out.case), out.created ? 201 : 200);
  });
};
