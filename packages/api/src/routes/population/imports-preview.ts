/**
 * The preview step of an import (issue 16): the whole file read and checked as the import would,
 * nothing written — the header row found, each column and the field it was taken as, the first
 * rows as they would be stored (masked like any record), the errors the file would produce. For a
 * small file the file is the request body; for a background import, the uploaded file of a job
 * that has not started.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { Errors } from '@linli/core';
import {
  auditImportPreview,
  getImportJob,
  IMPORT_COLUMNS,
  type ImportField,
  maskRecord,
  type ImportPreview as Preview,
  previewImport,
} from '@linli/population';
import type { Role } from '@linli/tables';
import type { AppEnv } from '../../env.ts';
import { fileMissing } from '../../import-jobs.ts';
import { permit } from '../../middleware.ts';
import { json, problems, security } from '../../openapi.ts';
import { importSetup, queryOptions, requestFile } from './import-input.ts';
import { ImportPreview, ImportQuery } from './import-schemas.ts';
import { IdParam } from './schemas.ts';
import { actorOf, errors, maskedValues, type PopulationContext, roleOf } from './shared.ts';

const FILE_BODY = {
  content: {
    'text/csv': { schema: { type: 'string' as const } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      schema: { type: 'string' as const, format: 'binary' },
    },
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        properties: { file: { type: 'string' as const, format: 'binary' } },
      },
    },
  },
};

const previewNow = createRoute({
  method: 'post',
  path: '/api/t/imports/residents/preview',
  summary:
    'Preview an import without writing anything: the header row found, the column mapping, the first rows as they would be stored (masked) and the errors the whole file would produce. Same body and options as `POST /api/t/imports/residents`',
  security,
  middleware: [permit('residents:import')] as const,
  request: { query: ImportQuery, body: FILE_BODY },
  responses: {
    200: json(ImportPreview, 'what the file would import'),
    ...errors,
    ...problems([415], { 415: 'a JSON or form-encoded body: not a CSV/XLSX file' }),
  },
});

const previewJob = createRoute({
  method: 'get',
  path: '/api/t/imports/{id}/preview',
  summary:
    'Preview a background import whose file is uploaded and not yet started (options as for the import; without them, the job’s own)',
  security,
  middleware: [permit('residents:import')] as const,
  request: { params: IdParam, query: ImportQuery.omit({ filename: true, community: true }) },
  responses: { 200: json(ImportPreview, 'what the file would import'), ...errors },
});

const FIELDS = IMPORT_COLUMNS.map((c) => ({ field: c.field, zh: c.zh, required: c.required }));

export const registerImportPreviewRoutes = (app: OpenAPIHono<AppEnv>, { popOf, deps }: PopulationContext) => {
  const shape = (p: Preview, role: Role, saved: Record<string, ImportField | null>) => ({
    ...p,
    sample: p.sample.map((s) => ({
      row: s.row,
      ...(s.sheet ? { sheet: s.sheet } : {}),
      values: maskedValues(maskRecord({ ...s.value }, role)),
    })),
    fields: FIELDS,
    savedMapping: saved,
  });

  app.openapi(previewNow, async (c) => {
    const q = queryOptions(c.req.valid('query'));
    const pop = await popOf(c);
    const { options, saved } = await importSetup(c, pop, q);
    const file = await requestFile(c, c.req.valid('query').filename);
    const p = await previewImport(pop, file.input, {
      ...options,
      ...(file.filename ? { filename: file.filename } : {}),
      ...(file.contentType && !file.contentType.startsWith('multipart/')
        ? { contentType: file.contentType }
        : {}),
    });
    await auditImportPreview(pop, actorOf(c), 'import-preview', p);
    return c.json(shape(p, roleOf(c), saved), 200);
  });

  app.openapi(previewJob, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const pop = await popOf(c);
    const job = await getImportJob(pop, id);
    if (!job || job.by !== c.get('ctx').sub || !deps.importFiles) throw Errors.notFound();
    if (job.status !== 'awaiting-upload') throw Errors.notFound();
    const stored = job;
    const input = await deps.importFiles.open(c.get('ctx').tenant!.id, id);
    if (!input) throw fileMissing();
    const q = queryOptions({ ...query });
    const { options, saved } = await importSetup(c, pop, {
      community: stored.defaultCommunityCode,
      upgradeLegacyIds: query.upgradeLegacyIds ? q.upgradeLegacyIds : stored.upgradeLegacyIds,
      sheet: q.sheet ?? stored.sheet,
      mapping: q.mapping,
    });
    const p = await previewImport(pop, input, {
      ...options,
      ...(stored.filename ? { filename: stored.filename } : {}),
      ...(stored.contentType ? { contentType: stored.contentType } : {}),
    });
    await auditImportPreview(pop, actorOf(c), id, p);
    return c.json(shape(p, roleOf(c), saved), 200);
  });
};
