/**
 * Counter filing (窗口代办): a worker files a case on a resident's behalf — channel `counter` (or
 * `call-centre` for the hotline), the applicant known by mobile, the filer recorded. The resident's
 * record, found by that mobile, prefills and decides eligibility as on the portal.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { Errors } from '@linli/core';
import { normalizeMobile } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, problems, security } from '../../openapi.ts';
import { assertCommunity, fileCase, offeredService, today } from './cases-file.ts';
import { summaryOf } from './cases-present.ts';
import { CaseSummary, IdempotencyHeader, ServiceCode } from './cases-schemas.ts';
import { assertChannelModule, type CasesContext, staffActor } from './cases-shared.ts';
import { eligibleForm, factsByMobile } from './requests.ts';

const file = createRoute({
  method: 'post',
  path: '/api/t/cases',
  summary:
    'File a case on a resident’s behalf at the counter (channel `counter`) or the hotline (`call-centre`); the filer is recorded. Requires `Idempotency-Key`',
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
              channel: z.enum(['counter', 'call-centre', 'sms']).default('counter'),
              applicant: z.object({ mobile: z.string().max(20) }).strict(),
              communityCode: z.string().regex(/^\d{12}$/),
              form: z.record(z.string(), z.unknown()),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: json(CaseSummary, 'an earlier attempt with this key filed the case'),
    201: json(CaseSummary, 'filed'),
    ...problems([400, 401, 403, 404, 409, 429, 503], {
      404: 'unknown service, not offered, or its module is not enabled (MODULE_NOT_ENABLED)',
    }),
  },
});

export const registerCounterRoutes = (app: OpenAPIHono<AppEnv>, ctx: CasesContext) => {
  app.openapi(file, async (c) => {
    const actor = staffActor(c);
    const body = c.req.valid('json');
    const key = c.req.valid('header')['idempotency-key'];
    authorize(c.get('ctx'), 'requests:create', {
      communityCode: body.communityCode,
      streetCode: body.communityCode.slice(0, 9),
    });
    const mobile = normalizeMobile(body.applicant.mobile);
    if (!/^1[3-9]\d{9}$/.test(mobile))
      throw Errors.validation(undefined, {
        issues: [
          {
            field: 'applicant.mobile',
            code: 'MOBILE_FORMAT',
            message: { zh: '请输入有效的手机号', en: 'Enter a valid mobile number' },
          },
        ],
      });
    // The hotline files for callers (`call-centre`) and for residents who texted (`sms`).
    if (body.channel === 'call-centre') await assertChannelModule(ctx.deps, c, 'channel-call-centre');
    if (body.channel === 'sms') await assertChannelModule(ctx.deps, c, 'channel-sms');
    const def = await offeredService(ctx, c, body.service);
    await assertCommunity(c, body.communityCode);
    const facts = await factsByMobile(await ctx.popOf(c), mobile);
    const form = eligibleForm(def, facts, body.form, today(ctx));
    const cases = await ctx.casesOf(c);
    const out = await fileCase(ctx, c, cases, {
      def,
      applicant: { kind: 'caller', mobile },
      channel: body.channel,
      communityCode: body.communityCode,
      form,
      key,
      filedBy: actor.id,
      owner: `S.${actor.id}`,
      actor,
    });
    const filedUnder = await cases.definition(out.case.serviceCode, out.case.serviceVersion);
    return c.json(summaryOf(filedUnder, out.case), out.created ? 201 : 200);
  });
};
