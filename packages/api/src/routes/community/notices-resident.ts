/**
 * The signed-in resident's community notices (`/api/t/resident/community/notices`): what the
 * community published to its residents — consultation results, the minutes of residents' meetings —
 * for the community of their record (one active record with their verified mobile). The portal's
 * public notices page shows the district-wide ones only.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { currentNotices } from '@linli/services';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { type C, populationContext } from '../population/shared.ts';
import { presentPublic } from '../services/notices-present.ts';
import { PublicNotice } from '../services/notices-shared.ts';
import { residentRecordOf } from './resident-record.ts';
import { errors } from './shared.ts';

export const registerResidentNoticeRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const recordOf = residentRecordOf(deps, populationContext(deps));
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/resident/community/notices',
      summary: 'Current notices of the resident’s own community (results, minutes), newest first',
      security,
      middleware: [permit('self-governance:vote'), requireModule(deps, 'self-governance')] as const,
      responses: {
        200: json(
          z
            .object({ recordFound: z.boolean(), items: z.array(PublicNotice) })
            .openapi('ResidentCommunityNotices'),
        ),
        ...errors,
      },
    }),
    async (c) => {
      const r = await recordOf(c as C);
      if (!r) return c.json({ recordFound: false, items: [] }, 200);
      const items = (
        await currentNotices(c.get('store'), {
          communityCode: r.communityCode,
          now: new Date(deps.now?.() ?? Date.now()),
        })
      ).filter((n) => n.scope.kind === 'community');
      return c.json({ recordFound: true, items: items.map(presentPublic) }, 200);
    },
  );
};
