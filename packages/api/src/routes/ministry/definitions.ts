/** The indicator system's routes: read the definitions and their history, check a formula, save a version. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AGGREGATE_NAMES,
  AGGREGATES,
  checkFormula,
  type IndicatorSetInput,
  referencedNames,
} from '@linli/indicators';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { arrayOf, Bilingual, json, problems, security } from '../../openapi.ts';
import { audit } from '../flags/shared.ts';
import { IndicatorDef, indicatorStore, ministryOnly } from './shared.ts';

const P = '/api/ministry/indicators';
const readProblems = problems([400, 401, 403, 404]);

const IndicatorSetView = z
  .object({
    version: z.number().int(),
    savedBy: z.string(),
    savedAt: z.string(),
    why: z.string(),
    indicators: arrayOf(IndicatorDef),
  })
  .openapi('IndicatorSet');

const Catalogue = z
  .object({
    current: IndicatorSetView,
    aggregates: arrayOf(
      z.object({
        name: z.string(),
        labels: Bilingual,
        kind: z.enum(['count', 'measure']),
        source: z.string(),
        collected: z.boolean(),
      }),
    ),
  })
  .openapi('IndicatorCatalogue');

export const registerDefinitionRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: `${P}/definitions`,
      summary: 'The indicator system: current definitions and the aggregates formulas may read',
      security,
      middleware: [permit('indicators:read')] as const,
      responses: { 200: json(Catalogue, 'catalogue'), ...readProblems },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const current = await indicatorStore(deps).current();
      return c.json(
        {
          current: { ...current, indicators: [...current.indicators] },
          aggregates: AGGREGATES.map((a) => ({ ...a })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${P}/definitions/history`,
      summary: 'Every saved version of the indicator system, newest first',
      security,
      middleware: [permit('indicators:read')] as const,
      responses: { 200: json(arrayOf(IndicatorSetView), 'versions'), ...readProblems },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const all = await indicatorStore(deps).history();
      return c.json(
        all.map((s) => ({ ...s, indicators: [...s.indicators] })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${P}/definitions`,
      summary: 'Save a new version of the indicator system (formulas checked first; history kept)',
      security,
      middleware: [permit('indicators:write')] as const,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                indicators: z.array(IndicatorDef).min(1).max(60),
                expectedVersion: z.number().int().nonnegative(),
                why: z.string().trim().min(1).max(2000),
              }),
            },
          },
        },
      },
      responses: { 200: json(IndicatorSetView, 'saved'), ...problems([400, 401, 403, 409]) },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministryOnly(ctx);
      const body = c.req.valid('json');
      const before = await indicatorStore(deps).current();
      const saved = await indicatorStore(deps).save({ indicators: body.indicators } as IndicatorSetInput, {
        expectedVersion: body.expectedVersion,
        by: ctx.username,
        why: body.why,
      });
      const codes = (s: typeof before) => new Map(s.indicators.map((i) => [i.code, i]));
      const was = codes(before);
      await audit(deps, ctx, 'indicators.save', `v${saved.version}`, body.why, {
        version: saved.version,
        previousVersion: before.version,
        added: saved.indicators.filter((i) => !was.has(i.code)).map((i) => i.code),
        removed: before.indicators
          .filter((i) => !saved.indicators.some((x) => x.code === i.code))
          .map((i) => i.code),
        changed: saved.indicators
          .filter((i) => was.has(i.code) && JSON.stringify(was.get(i.code)) !== JSON.stringify(i))
          .map((i) => i.code),
      });
      return c.json({ ...saved, indicators: [...saved.indicators] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${P}/definitions/check`,
      summary: 'Check one formula (as the editor types) without saving',
      security,
      middleware: [permit('indicators:read')] as const,
      request: {
        body: { content: { 'application/json': { schema: z.object({ formula: z.string().max(400) }) } } },
      },
      responses: {
        200: json(
          z.object({ ok: z.literal(true), reads: arrayOf(z.string()) }).openapi('FormulaCheck'),
          'valid',
        ),
        ...problems([400, 401, 403]),
      },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const tree = checkFormula(c.req.valid('json').formula, AGGREGATE_NAMES);
      return c.json({ ok: true as const, reads: referencedNames(tree) }, 200);
    },
  );
};
