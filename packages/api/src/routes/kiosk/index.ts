/**
 * The kiosk (自助终端, module `channel-kiosk`) and the status lookup the kiosk and the digital-TV
 * view share, at `/kiosk/v1/<slug>/…` on the tenant app: public paths (no bearer token; a kiosk
 * resident has no account), the district from the slug through the registry, a signed-in
 * resident by the session the SMS code gave (`session.ts`). Cases filed here keep channel `kiosk`,
 * the applicant known by the mobile on record (texted like a hotline caller).
 *
 *   POST code          { idNumber }             → { challenge }   (a code to the mobile on record)
 *   POST session       { challenge, code }      → { token, name }
 *   GET  services/{code}/prefill   (session)    → the form's answers the record gives, masked
 *   POST cases         (session, Idempotency-Key) { service, form } → the receipt
 *   GET  cases/{number} (session)               → one of the resident's own cases
 *   GET  status?number&mobile4 (kiosk or TV)   → a case's status when the mobile's last 4 match
 */

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { Errors, validationError } from '@linli/core';
import { isValidCitizenId } from '@linli/population';
import {
  CASE_NUMBER,
  checkEligibility,
  maskForm,
  prefillOf,
  type ResidentFacts,
  ServiceErrors,
} from '@linli/services';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { sourceAddress } from '../../rate-limit.ts';
import { fileCase, offeredService, today } from '../services/cases-file.ts';
import { formOut } from '../services/cases-present.ts';
import { casesContext } from '../services/cases-shared.ts';
import { eligibleForm } from '../services/requests.ts';
import { type C, KIOSK_RULES, kioskDistrict, sendCode, sessionResident, verifyCode } from './session.ts';

const BASE = '/kiosk/v1/:slug';
const KIOSK = ['channel-kiosk'] as const;

const parse = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> => {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error);
  return r.data;
};
const bodyOf = async (c: C) => {
  try {
    return await c.req.json();
  } catch {
    throw Errors.badJson();
  }
};

/** The record's answers with its address as the district knows it (as on the portal). */
const factsOf = (r: ResidentFacts['resident']): ResidentFacts => {
  if (!r) return {};
  const address = [r.building && `${r.building}号楼`, r.unit && `${r.unit}单元`, r.room && `${r.room}室`]
    .filter(Boolean)
    .join('');
  return { resident: { ...r, ...(address ? { address } : {}) } };
};

export const registerKioskRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const ctx = casesContext(deps);
  const district = kioskDistrict(deps);

  app.post(`${BASE}/code`, async (c) => {
    const tenant = await district(c, KIOSK);
    const { idNumber } = parse(
      z
        .object({
          idNumber: z
            .string()
            .regex(/^\d{17}[\dX]$/)
            .refine(isValidCitizenId),
        })
        .strict(),
      await bodyOf(c),
    );
    return c.json(await sendCode(deps, ctx, c, tenant, idNumber), 200);
  });

  app.post(`${BASE}/session`, async (c) => {
    await district(c, KIOSK);
    const b = parse(
      z
        .object({
          challenge: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
          code: z.string().regex(/^\d{6}$/),
        })
        .strict(),
      await bodyOf(c),
    );
    return c.json(await verifyCode(deps, ctx, c, b.challenge, b.code), 200);
  });

  app.get(`${BASE}/services/:code/prefill`, async (c) => {
    await district(c, KIOSK);
    const r = await sessionResident(deps, ctx, c);
    const def = await offeredService(ctx, c, c.req.param('code'));
    if (!def.channels.includes('kiosk')) throw ServiceErrors.channelNotOffered();
    const facts = factsOf(r);
    const values = prefillOf(def, facts);
    const issues = checkEligibility(def, facts, today(ctx));
    return c.json(
      {
        form: formOut(maskForm(def, values)),
        prefilled: Object.keys(values),
        eligible: issues.length === 0,
        issues: issues.map((i) => i.message),
      },
      200,
    );
  });

  app.post(`${BASE}/cases`, async (c) => {
    await district(c, KIOSK);
    const r = await sessionResident(deps, ctx, c);
    const key = parse(z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), c.req.header('idempotency-key') ?? '');
    const body = parse(
      z
        .object({
          service: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/),
          form: z.record(z.string(), z.unknown()),
        })
        .strict(),
      await bodyOf(c),
    );
    const def = await offeredService(ctx, c, body.service);
    const facts = factsOf(r);
    const form = eligibleForm(def, facts, body.form, today(ctx));
    const cases = await ctx.casesOf(c);
    const out = await fileCase(ctx, c, cases, {
      def,
      applicant: { kind: 'caller', mobile: r.mobile! },
      channel: 'kiosk',
      communityCode: r.communityCode,
      form,
      key,
      owner: `K.${r.id}`,
      actor: { id: `kiosk:${r.id}`, role: 'resident', channel: 'kiosk' },
    });
    const k = out.case;
    return c.json(
      {
        number: k.number,
        service: k.serviceName,
        filedAt: k.createdAt,
        due: k.due,
        status: k.status,
        timeLimitDays: def.timeLimitDays,
        hotline: c.get('ctx').tenant?.hotline ?? '12345',
      },
      out.created ? 201 : 200,
    );
  });

  /** A case as the kiosk and the TV show it: nothing but the service, status, step and dates. */
  const statusOf = async (c: C, number: string) => {
    const cases = await ctx.casesOf(c);
    const id = CASE_NUMBER.test(number) ? await cases.idOfNumber(number) : undefined;
    const k = id ? await cases.read(id) : undefined;
    if (!k) throw ServiceErrors.caseNotFound();
    const def = await cases.definition(k.serviceCode, k.serviceVersion);
    return {
      k,
      id: id!,
      view: {
        number: k.number,
        service: k.serviceName,
        status: k.status,
        step: def.workflow[k.stepIndex]?.name ?? null,
        filedOn: k.filedOn,
        due: k.due,
        closedOn: k.closedOn ?? null,
      },
    };
  };

  app.get(`${BASE}/cases/:number`, async (c) => {
    await district(c, KIOSK);
    const r = await sessionResident(deps, ctx, c);
    const { k, view } = await statusOf(c, c.req.param('number'));
    const cases = await ctx.casesOf(c);
    if (!cases.isApplicant(k, { kind: 'caller', mobile: r.mobile! })) throw ServiceErrors.caseNotFound();
    return c.json(view, 200);
  });

  app.get(`${BASE}/status`, async (c) => {
    const tenant = await district(c, ['channel-kiosk', 'channel-digital-tv']);
    await deps.limiter?.hit(KIOSK_RULES.statusPerAddress, `${tenant.id}:${sourceAddress(c)}`);
    const q = parse(
      z.object({ number: z.string().regex(/^\d{6}-\d{8}-\d{4}$/), mobile4: z.string().regex(/^\d{4}$/) }),
      c.req.query(),
    );
    const { id, view } = await statusOf(c, q.number);
    // The applicant's mobile proves it is theirs; a wrong one reads as no such case.
    const contact = await (await ctx.casesOf(c)).contactOf(id);
    if (!contact || !contact.endsWith(q.mobile4)) throw ServiceErrors.caseNotFound();
    return c.json(view, 200);
  });
};
