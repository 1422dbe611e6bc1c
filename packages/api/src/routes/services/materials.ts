/**
 * Materials (申请材料): an upload form for one file of a service's file field, type and size checked
 * against the field (S3 presigned POST in AWS, `/local-uploads` locally, as imports do); the
 * ticket belongs to the tenant and the uploader, and only the uploader's own submission may
 * reference it. Staff read a case's materials through the case, within their scope.
 */
import { Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors } from '@linli/core';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { binary, json, problems, security } from '../../openapi.ts';
import { offeredService } from './cases-file.ts';
import { CaseId, UploadForm, UploadRequest } from './cases-schemas.ts';
import {
  assertModule,
  type C,
  type CasesContext,
  materialFiles,
  residentOf,
  staffActor,
} from './cases-shared.ts';

const errors = problems([400, 401, 403, 404, 413, 415, 429, 503], {
  404: 'unknown service, or its module is not enabled (MODULE_NOT_ENABLED)',
  413: 'MATERIAL_TOO_LARGE: larger than the field allows',
  415: 'MATERIAL_TYPE_NOT_ACCEPTED: a type the field does not accept',
  503: 'material uploads not configured',
});

const body = { required: true, content: { 'application/json': { schema: UploadRequest.strict() } } };

const residentUpload = createRoute({
  method: 'post',
  path: '/api/t/resident/materials',
  summary:
    'An upload form for one material of a service (POST multipart/form-data: `fields`, then `file`), valid 15 minutes; put `ref` into the form field',
  security,
  middleware: [permit('requests:create')] as const,
  request: { body },
  responses: { 201: json(UploadForm), ...errors },
});

const staffUpload = createRoute({
  method: 'post',
  path: '/api/t/materials',
  summary: 'An upload form for a material of a case a worker files at the counter',
  security,
  middleware: [permit('requests:create')] as const,
  request: { body },
  responses: { 201: json(UploadForm), ...errors },
});

const download = createRoute({
  method: 'get',
  path: '/api/t/cases/{id}/materials/{uploadId}',
  summary: 'One material of a case in the caller’s scope (the file as uploaded)',
  security,
  middleware: [permit('requests:read')] as const,
  request: { params: CaseId.extend({ uploadId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) }) },
  responses: {
    200: {
      description: 'the file',
      content: {
        ...binary('image/jpeg', '').content,
        ...binary('image/png', '').content,
        ...binary('application/pdf', '').content,
      },
    },
    ...problems([400, 401, 403, 404, 429, 503]),
  },
});

type Uploader = { id: string; name?: string; role: string; channel: 'web' | 'kiosk' | 'call-centre' | 'api' };

const ticket = async (
  ctx: CasesContext,
  c: C,
  req: z.infer<typeof UploadRequest>,
  owner: string,
  actor: Uploader,
) => {
  const files = materialFiles(ctx.deps);
  const def = await offeredService(ctx, c, req.service);
  const { ticket: t } = await ctx.uploadsOf(c).create(def, { ...req, owner }, actor);
  const upload = await files.target(c.get('ctx').tenant!.id, t.id, { contentType: t.type, maxBytes: t.size });
  return {
    uploadId: t.id,
    upload,
    maxBytes: t.size,
    ref: { uploadId: t.id, name: t.name, type: t.type, size: t.size },
  };
};

export const registerMaterialRoutes = (app: OpenAPIHono<AppEnv>, ctx: CasesContext) => {
  app.openapi(residentUpload, async (c) => {
    const { applicant, actor } = residentOf(c);
    return c.json(await ticket(ctx, c, c.req.valid('json'), `R.${applicant.id}`, actor), 201);
  });

  app.openapi(staffUpload, async (c) => {
    const actor = staffActor(c);
    return c.json(await ticket(ctx, c, c.req.valid('json'), `S.${actor.id}`, actor), 201);
  });

  app.openapi(download, async (c) => {
    const { id, uploadId } = c.req.valid('param');
    const cases = await ctx.casesOf(c);
    const found = await cases.getFor(id, staffActor(c));
    await assertModule(ctx.deps, c, found.definition);
    const t = await ctx.uploadsOf(c).get(uploadId);
    if (!t || t.caseId !== id) throw Errors.notFound();
    const stream = await materialFiles(ctx.deps).open(c.get('ctx').tenant!.id, uploadId);
    if (!stream) throw Errors.notFound();
    const safe = t.name.replace(/[^\w.-]+/g, '_');
    return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
      'content-type': t.type,
      'content-disposition': `attachment; filename="${safe}"; filename*=UTF-8''${encodeURIComponent(t.name)}`,
      'cache-control': 'private, no-store',
    });
  });
};
