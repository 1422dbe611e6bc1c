/**
 * Resident imports: the template, a small file imported in the request, and background imports of
 * large files (upload form → start → poll → row-level report).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listConstraint } from '@linli/auth';
import { Errors, LinliError } from '@linli/core';
import {
  createImportJob,
  failImportJob,
  getImportJob,
  getImportReportCsv,
  type PopulationStore,
  queueImportJob,
  residentTemplateCsv,
  residentTemplateXlsx,
  runImportJob,
  saveImportMapping,
} from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { fileMissing, MAX_IMPORT_BYTES } from '../../import-jobs.ts';
import { permit } from '../../middleware.ts';
import { binary, csv, json, Problem, problemResponse, problems, security } from '../../openapi.ts';
import { importSetup, queryOptions, requestFile } from './import-input.ts';
import {
  ImportJob,
  ImportJobState,
  ImportOptionsBody,
  ImportProblem,
  ImportQuery,
  ImportSummary,
  NewImportJob,
} from './import-schemas.ts';
import { COMMUNITY, IdParam } from './schemas.ts';
import { actorOf, type C, communitiesFor, errors, knownCommunity, type PopulationContext } from './shared.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const unavailable = { 503: problemResponse('background imports not configured') };

const template = createRoute({
  method: 'get',
  path: '/api/t/imports/template',
  summary: 'The resident import template (CSV UTF-8 with BOM, or XLSX with a 填写说明 sheet)',
  security,
  middleware: [permit('residents:import')] as const,
  request: {
    query: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx'), community: z.optional(COMMUNITY) }),
  },
  responses: {
    200: {
      description: 'the template',
      content: { ...csv('').content, ...binary(XLSX, '').content },
    },
    ...errors,
  },
});

const importNow = createRoute({
  method: 'post',
  path: '/api/t/imports/residents',
  summary:
    'Import residents from CSV (UTF-8/GBK/UTF-16) or XLSX, streamed: the raw file as the body (preferred) or multipart field `file`. Valid rows in, invalid rows reported; re-upload is idempotent (dedupe by ID number)',
  security,
  middleware: [permit('residents:import')] as const,
  request: {
    query: ImportQuery,
    // Plain schema objects, not zod: the handler streams the body itself (no validator may read it).
    body: {
      content: {
        'text/csv': { schema: { type: 'string' as const } },
        [XLSX]: { schema: { type: 'string' as const, format: 'binary' } },
        'multipart/form-data': {
          schema: {
            type: 'object' as const,
            properties: { file: { type: 'string' as const, format: 'binary' } },
          },
        },
      },
    },
  },
  responses: {
    201: json(ImportSummary, 'the import summary (`id` for the report)'),
    ...errors,
    400: {
      description: 'invalid input; or the file was refused as a whole (with `importId` and `summary`)',
      content: { 'application/problem+json': { schema: z.union([ImportProblem, Problem]) } },
    },
    415: {
      description:
        'not CSV/XLSX: a JSON or form-encoded body, or a file read as neither (then with `importId` and `summary`)',
      content: { 'application/problem+json': { schema: z.union([ImportProblem, Problem]) } },
    },
  },
});

const startJob = createRoute({
  method: 'post',
  path: '/api/t/imports',
  summary:
    'Start a background import of a large file: answers an upload form (POST multipart/form-data: `fields`, then `file`; S3 presigned POST in AWS) valid for 15 minutes. Upload, then `POST /api/t/imports/{id}/start`, then poll `GET /api/t/imports/{id}`',
  security,
  middleware: [permit('residents:import')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            filename: z.string().trim().min(1).max(200),
            size: z.number().int().min(1),
            /** Ignored: the type follows the file's extension. */
            contentType: z.string().max(200).optional(),
            community: z.optional(COMMUNITY),
            ...ImportOptionsBody,
          }),
        },
      },
    },
  },
  responses: {
    201: json(NewImportJob, 'the job (`awaiting-upload`) and its upload form'),
    ...problems([413, 415], { 413: 'file too large', 415: 'not CSV/XLSX' }),
    ...unavailable,
    ...errors,
  },
});

const queue = createRoute({
  method: 'post',
  path: '/api/t/imports/{id}/start',
  summary:
    'The file is uploaded: queue the import (answers at once; poll the job for progress). The body may change the options after a preview',
  security,
  middleware: [permit('residents:import')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: z.object(ImportOptionsBody) } }, required: false },
  },
  responses: { 202: json(ImportJobState, 'the job, `queued`'), ...unavailable, ...errors },
});

const poll = createRoute({
  method: 'get',
  path: '/api/t/imports/{id}',
  summary:
    'An import: its status (`awaiting-upload`, `queued`, `running` with progress, `done` with the summary, `failed` with the error)',
  security,
  middleware: [permit('residents:import')] as const,
  request: { params: IdParam },
  responses: { 200: json(ImportJob), ...errors },
});

const report = createRoute({
  method: 'get',
  path: '/api/t/imports/{id}/report',
  summary: 'The row-level report as CSV (row, field, code, message_zh, message_en; UTF-8 with BOM)',
  security,
  middleware: [permit('residents:import')] as const,
  request: { params: IdParam },
  responses: { 200: csv('the report'), ...errors },
});

const attachment = (name: string, utf8Name?: string) =>
  `attachment; filename="${name}"${utf8Name ? `; filename*=UTF-8''${encodeURIComponent(utf8Name)}` : ''}`;

/** The job, if the caller started it or may import district-wide; otherwise 404. */
const ownJob = async (c: C, pop: PopulationStore, id: string) => {
  const s = await getImportJob(pop, id);
  if (!s || (s.by !== c.get('ctx').sub && listConstraint(c.get('ctx'), 'residents:import') !== 'tenant'))
    throw Errors.notFound();
  return s;
};

export const registerImportRoutes = (app: OpenAPIHono<AppEnv>, { popOf, deps }: PopulationContext) => {
  const importDeps = () => {
    if (!deps.importFiles || !deps.importRunner)
      throw new LinliError('IMPORTS_UNAVAILABLE', 503, {
        zh: '大文件导入服务未配置',
        en: 'Background imports are not configured',
      });
    return { files: deps.importFiles, runner: deps.importRunner };
  };

  app.openapi(template, async (c) => {
    const q = c.req.valid('query');
    if (q.community) await knownCommunity(c, q.community);
    // The example row names a community the caller may import into (not another district's).
    const community =
      q.community ?? c.get('ctx').scope.communityCode ?? (await communitiesFor(c, 'residents:import'))[0];
    if (q.format === 'csv')
      return c.body(new Uint8Array(residentTemplateCsv(community)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': attachment('residents-template.csv', '居民导入模板.csv'),
      });
    return c.body(new Uint8Array(await residentTemplateXlsx(community)), 200, {
      'content-type': XLSX,
      'content-disposition': attachment('residents-template.xlsx', '居民导入模板.xlsx'),
    });
  });

  app.openapi(importNow, async (c) => {
    const q = queryOptions(c.req.valid('query'));
    const pop = await popOf(c);
    const { options } = await importSetup(c, pop, q);
    const file = await requestFile(c, c.req.valid('query').filename);
    // A mapping given now is remembered for the district's next files.
    if (q.mapping && Object.keys(q.mapping).length) await saveImportMapping(pop, q.mapping, actorOf(c));
    const summary = await runImportJob(pop, file.input, {
      actor: actorOf(c),
      ...options,
      ...(file.filename ? { filename: file.filename } : {}),
      ...(file.contentType && !file.contentType.startsWith('multipart/')
        ? { contentType: file.contentType }
        : {}),
    });
    const refused = summary.fileError && summary.rows === 0 ? summary.fileError : undefined;
    if (!refused) return c.json(summary, 201);
    // Nothing was imported: the file itself was refused (problem+json, with the import id).
    const body = {
      type: `https://linli.example.cn/problems/${refused.code.toLowerCase().replaceAll('_', '-')}`,
      title: refused.message.zh,
      status: 0,
      code: refused.code,
      detail: refused.message.zh,
      message: refused.message,
      importId: summary.id,
      summary,
    };
    const problemJson = { 'Content-Type': 'application/problem+json; charset=utf-8' };
    return refused.code === 'IMPORT_UNSUPPORTED_FORMAT'
      ? c.json({ ...body, status: 415 }, 415, problemJson)
      : c.json({ ...body, status: 400 }, 400, problemJson);
  });

  app.openapi(startJob, async (c) => {
    const body = c.req.valid('json');
    const { files } = importDeps();
    const ctx = c.get('ctx');
    const pop = await popOf(c);
    const { options } = await importSetup(c, pop, body);
    const ext = /\.([a-z0-9]+)$/i.exec(body.filename)?.[1]?.toLowerCase();
    if (!ext || !['csv', 'txt', 'xlsx'].includes(ext))
      throw new LinliError('IMPORT_UNSUPPORTED_FORMAT', 415, {
        zh: '仅支持 CSV（.csv/.txt）或 Excel（.xlsx）文件',
        en: 'Only CSV (.csv/.txt) or Excel (.xlsx) files can be imported',
      });
    if (body.size > MAX_IMPORT_BYTES)
      throw new LinliError('IMPORT_FILE_TOO_LARGE', 413, {
        zh: `文件过大（上限 ${MAX_IMPORT_BYTES / 1024 / 1024} MB），请拆分后分别导入`,
        en: `The file is too large (limit ${MAX_IMPORT_BYTES / 1024 / 1024} MB); split it and import the parts`,
      });
    // The type follows the extension (browsers label a .csv `application/vnd.ms-excel` where
    // Excel is installed); the upload form pins it, and the parser reads it.
    const contentType = ext === 'xlsx' ? XLSX : 'text/csv';
    if (body.mapping && Object.keys(body.mapping).length)
      await saveImportMapping(pop, body.mapping, actorOf(c));
    const job = await createImportJob(pop, {
      filename: body.filename,
      size: body.size,
      contentType,
      communities: [...options.communities],
      actor: { ...actorOf(c), channel: 'import' },
      ...(options.defaultCommunityCode ? { defaultCommunityCode: options.defaultCommunityCode } : {}),
      ...(options.upgradeLegacyIds ? { upgradeLegacyIds: true } : {}),
      ...(options.sheet ? { sheet: options.sheet } : {}),
      ...(options.mapping ? { mapping: options.mapping } : {}),
    });
    const upload = await files.target(ctx.tenant!.id, job.id, { contentType, maxBytes: body.size });
    return c.json({ ...job, status: 'awaiting-upload' as const, upload, maxBytes: body.size }, 201);
  });

  app.openapi(queue, async (c) => {
    const { id } = c.req.valid('param');
    const { files, runner } = importDeps();
    const pop = await popOf(c);
    const job = await ownJob(c, pop, id);
    const tenantId = c.get('ctx').tenant!.id;
    const alreadyStarted = () =>
      new LinliError('IMPORT_ALREADY_STARTED', 409, {
        zh: '该导入已开始或已结束',
        en: 'This import has already started or finished',
      });
    if (job.status !== 'awaiting-upload') throw alreadyStarted();
    if (!(await files.exists(tenantId, id))) throw fileMissing();
    const body = c.req.header('content-type')?.startsWith('application/json') ? c.req.valid('json') : {};
    let mapping = body.mapping;
    if (mapping && Object.keys(mapping).length) mapping = await saveImportMapping(pop, mapping, actorOf(c));
    const options = {
      ...(body.upgradeLegacyIds !== undefined ? { upgradeLegacyIds: body.upgradeLegacyIds } : {}),
      ...(body.sheet ? { sheet: body.sheet } : {}),
      ...(mapping ? { mapping } : {}),
    };
    if (!(await queueImportJob(pop, id, actorOf(c), options))) throw alreadyStarted();
    try {
      await runner.start({ tenantId, importId: id });
    } catch (err) {
      await failImportJob(pop, id, err);
      throw new LinliError('IMPORTS_UNAVAILABLE', 503, {
        zh: '导入任务未能启动，请稍后重新上传',
        en: 'The import could not be started; upload the file again later',
      });
    }
    return c.json({ ...job, status: 'queued' as const }, 202);
  });

  app.openapi(poll, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await ownJob(c, await popOf(c), id), 200);
  });

  app.openapi(report, async (c) => {
    const { id } = c.req.valid('param');
    const pop = await popOf(c);
    const s = await ownJob(c, pop, id);
    if (s.status !== 'done') throw Errors.notFound();
    const body = (await getImportReportCsv(pop, id)) ?? Buffer.alloc(0);
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(`import-${id}-report.csv`),
    });
  });
};
