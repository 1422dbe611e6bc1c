/** The district's population settings (four-eyes review, freshness) and the thematic record kinds. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { grantFor } from '@linli/auth';
import { Errors } from '@linli/core';
import { describeKind, THEMATIC_KINDS } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { ThematicKindInfo } from './record-schemas.ts';
import { REVIEW_FIELDS, Settings } from './schemas.ts';
import { actorOf, errors, type PopulationContext } from './shared.ts';

const read = createRoute({
  method: 'get',
  path: '/api/t/population/settings',
  summary: 'Four-eyes review and freshness settings of the district',
  security,
  middleware: [permit('residents:read')] as const,
  responses: { 200: json(Settings), ...errors },
});

const write = createRoute({
  method: 'put',
  path: '/api/t/population/settings',
  summary: 'Configure four-eyes review (which fields and state changes) and the freshness threshold',
  security,
  middleware: [permit('modules:configure')] as const,
  request: { body: { content: { 'application/json': { schema: Settings } } } },
  responses: { 200: json(Settings), ...errors },
});

const kinds = createRoute({
  method: 'get',
  path: '/api/t/thematic-kinds',
  summary:
    'Thematic record kinds: department, module (and whether it is on), fields with labels and sensitivity',
  security,
  middleware: [permit('tenant:read')] as const,
  responses: { 200: json(z.object({ items: z.array(ThematicKindInfo) })), ...errors },
});

type ReviewField = (typeof REVIEW_FIELDS)[number];
const isReviewField = (f: string): f is ReviewField => (REVIEW_FIELDS as readonly string[]).includes(f);

export const registerSettingsRoutes = (app: OpenAPIHono<AppEnv>, { popOf, deps }: PopulationContext) => {
  app.openapi(read, async (c) => {
    // Staff settings: a resident's `residents:read` reaches their own record, not the district's.
    if (grantFor(c.get('ctx'), 'residents:read') === 'own') throw Errors.forbidden();
    const s = await (await popOf(c)).settings();
    // Saved settings passed the same schema; the defaults are review fields too.
    return c.json(
      {
        ...s,
        reviewFields: s.reviewFields.filter(isReviewField),
        reviewActions: [...s.reviewActions],
      },
      200,
    );
  });

  app.openapi(write, async (c) => {
    const body = c.req.valid('json');
    await (await popOf(c)).saveSettings(body, actorOf(c));
    return c.json(body, 200);
  });

  app.openapi(kinds, (c) => {
    const on = deps.modulesFor(c.get('ctx').tenant!);
    return c.json(
      { items: THEMATIC_KINDS.map((k) => ({ ...describeKind(k), enabled: on.includes(k.module) })) },
      200,
    );
  });
};
