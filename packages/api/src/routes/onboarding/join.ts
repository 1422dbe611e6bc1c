/**
 * The public side of onboarding: join drafts, verification, submission and the applicant's status
 * page; staff invitations (preview, accept); the offboarded district's archive download.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  acceptSchema,
  draftPatchSchema,
  profileSchema,
  submitSchema,
  tierSchema,
  verifyCheckSchema,
  verifySendSchema,
} from '@linli/onboarding';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { asRouteSchema, binary, json, problems } from '../../openapi.ts';
import { servicesOf } from '../onboarding-services.ts';
import {
  ApplicationStatusView,
  CodeSent,
  DraftCreated,
  DraftView,
  InvitationAccepted,
  InvitationPreview,
  Submitted,
} from './schemas.ts';
import { body, Id, TenantIdParam } from './shared.ts';

const errors = problems([400, 404, 409, 429], { 404: 'not found', 409: 'conflict / wrong state' });
const gone = problems([410], { 410: 'expired' });
const TokenQuery = z.object({ token: z.string().min(16).max(64).optional() });

/** The join draft's secret (returned once at creation) travels in a header, never in the URL. */
const draftSecret = (c: { req: { header(n: string): string | undefined } }) =>
  c.req.header('x-linli-draft-secret');

/** The status token travels in a header (not logged in URLs); `?token=` for shared links. */
const statusToken = (c: { req: { header(n: string): string | undefined } }, q?: string) =>
  c.req.header('x-linli-status-token') ?? q ?? '';

export const registerJoinRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const svc = () => servicesOf(deps);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/drafts',
      summary: 'Start a join draft (saved server-side between steps)',
      request: {
        body: {
          content: { 'application/json': { schema: asRouteSchema(draftPatchSchema) } },
          required: false,
        },
      },
      responses: { 201: json(DraftCreated, 'draft'), ...errors },
    }),
    async (c) => c.json(await svc().onboarding.createDraft(c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/join/drafts/{id}',
      summary: 'A join draft with its computed category, rule lines and module preview',
      request: { params: Id },
      responses: { 200: json(DraftView, 'draft'), ...errors },
    }),
    async (c) => c.json(await svc().onboarding.getDraft(c.req.valid('param').id, draftSecret(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/join/drafts/{id}',
      summary: 'Save one or more steps of a draft; each given step is validated whole',
      request: { params: Id, ...body(draftPatchSchema) },
      responses: { 200: json(DraftView, 'draft'), ...errors },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.patchDraft(c.req.valid('param').id, draftSecret(c), c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/drafts/{id}/code',
      summary: "Send a verification code to the administrator's mobile (or e-mail)",
      request: { params: Id, ...body(verifySendSchema) },
      responses: { 200: json(CodeSent, 'sent'), ...errors },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.sendCode(c.req.valid('param').id, draftSecret(c), c.req.valid('json').channel),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/drafts/{id}/verify',
      summary: 'Verify the code; the draft remembers the verified contact',
      request: { params: Id, ...body(verifyCheckSchema) },
      responses: { 200: json(DraftView, 'verified'), ...problems([410], { 410: 'code expired' }), ...errors },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.verifyCode(c.req.valid('param').id, draftSecret(c), c.req.valid('json').code),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/applications',
      summary: 'Submit a complete, verified draft with the administrator password',
      request: body(submitSchema),
      responses: { 201: json(Submitted, 'application'), ...errors },
    }),
    async (c) => {
      const { draftId, password } = c.req.valid('json');
      return c.json(await svc().onboarding.submit(draftId, draftSecret(c), password), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/join/applications/{id}',
      summary: "The applicant's status page (needs the status token)",
      request: { params: Id, query: TokenQuery },
      responses: {
        200: json(ApplicationStatusView, 'status'),
        ...problems([403], { 403: 'wrong token' }),
        ...errors,
      },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.statusFor(c.req.valid('param').id, statusToken(c, c.req.valid('query').token)),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/join/applications/{id}',
      summary: 'Resubmit after the ministry requested changes',
      request: {
        params: Id,
        query: TokenQuery,
        ...body(
          z.object({ profile: z.optional(profileSchema), tierRequested: z.optional(tierSchema) }).strict(),
        ),
      },
      responses: {
        200: json(ApplicationStatusView, 'status'),
        ...problems([403], { 403: 'wrong token' }),
        ...errors,
      },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.resubmit(
          c.req.valid('param').id,
          statusToken(c, c.req.valid('query').token),
          c.req.valid('json'),
        ),
        200,
      ),
  );

  // --- invitations (public side) ----------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/join/invitations/{id}',
      summary: 'What an invitation is for (code required, not consumed)',
      request: { params: Id, query: z.object({ code: z.string().min(6).max(20) }) },
      responses: { 200: json(InvitationPreview, 'invitation'), ...gone, ...errors },
    }),
    async (c) =>
      c.json(await svc().invitations.preview(c.req.valid('param').id, c.req.valid('query').code), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/invitations/accept',
      summary: 'Accept an invitation: choose username and password (single use)',
      request: body(acceptSchema),
      responses: { 201: json(InvitationAccepted, 'account'), ...gone, ...errors },
    }),
    async (c) => c.json(await svc().invitations.accept(c.req.valid('json')), 201),
  );

  // --- offboarding archive (district admin, by the token sent to them) --------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/offboarding/{tenantId}/archive',
      summary: "The offboarded district's data export (JSON Lines), for its administrator",
      request: { params: TenantIdParam, query: z.object({ token: z.string().min(16).max(64) }) },
      responses: {
        200: binary('application/x-ndjson', 'archive'),
        ...problems([400, 403], { 403: 'bad token' }),
      },
    }),
    async (c) => {
      const a = await svc().lifecycle.archive(c.req.valid('param').tenantId, c.req.valid('query').token);
      return c.body(a.body, 200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${a.name}"`,
        'x-linli-sha256': a.sha256,
        'cache-control': 'no-store',
      });
    },
  );
};
