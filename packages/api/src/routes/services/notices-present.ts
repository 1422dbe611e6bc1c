/**
 * A notice as the public sees it, and the district's current ones: what the public notice route,
 * the resident's notices and the server-rendered portal answer. No schema is built here (the
 * portal's renderer carries no `zod`); the route's schema is `PublicNotice` (notices-shared.ts).
 */
import type { z } from '@hono/zod-openapi';
import { currentNotices, type Notice } from '@linli/services';
import type { Tenant } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import type { PublicNotice } from './notices-shared.ts';

export type PublicNoticeView = z.infer<typeof PublicNotice>;

export const presentPublic = (n: Notice): PublicNoticeView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  scope: n.scope,
  publishedAt: n.publishAt,
  ...(n.expiresAt ? { expiresAt: n.expiresAt } : {}),
  ...(n.entries ? { entries: n.entries.map((e) => ({ ...e })) } : {}),
});

/** The district-wide notices the portal's landing page shows. */
export const districtNotices = async (
  deps: Pick<ApiDeps, 'stores' | 'now'>,
  t: Tenant,
): Promise<PublicNoticeView[]> =>
  (await currentNotices(deps.stores.for(t), { now: new Date(deps.now?.() ?? Date.now()), limit: 5 })).map(
    presentPublic,
  );
