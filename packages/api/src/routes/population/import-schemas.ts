/** Response shapes of resident imports: the summary, a refused file, background jobs. */
import { z } from '@hono/zod-openapi';
import { Bilingual } from '../../openapi.ts';
import { isoTime } from './schemas.ts';

// --- imports ----------------------------------------------------------------------------------

const ImportError = z.object({ code: z.string(), message: Bilingual });

export const ImportSummary = z
  .object({
    id: z.string(),
    status: z.literal('done'),
    rows: z.number().int(),
    imported: z.number().int(),
    existing: z.number().int().openapi({ description: 'rows whose ID number was already registered' }),
    failed: z.number().int(),
    blankRows: z.number().int(),
    issues: z.number().int(),
    byCode: z.record(z.string(), z.number().int()),
    truncated: z.boolean(),
    fileError: ImportError.optional(),
    file: z.object({
      format: z.enum(['csv', 'xlsx']).optional(),
      encoding: z.enum(['utf-8', 'gb18030', 'utf-16le']).optional(),
      headerRow: z.number().int().optional(),
      columns: z.array(z.string()).optional(),
      ignoredColumns: z.array(z.string()).optional(),
      blankRows: z.number().int().optional(),
      exampleRows: z
        .number()
        .int()
        .optional()
        .openapi({ description: "rows marked 示例 (the template's example): skipped, never imported" }),
    }),
    filename: z.string().optional(),
    by: z.string(),
    startedAt: isoTime,
    finishedAt: isoTime,
    ms: z.number(),
  })
  .openapi('ImportSummary');

/** An import whose file was refused as a whole: the problem, with the import's id and summary. */
export const ImportProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    message: Bilingual,
    importId: z.string(),
    summary: ImportSummary,
  })
  .openapi('ImportProblem');

export const IMPORT_STATUSES = ['awaiting-upload', 'queued', 'running', 'done', 'failed'] as const;

/** A background import that has not finished (or failed). */
export const ImportJobState = z
  .object({
    id: z.string(),
    status: z.enum(IMPORT_STATUSES),
    filename: z.string().optional(),
    size: z.number().int().optional(),
    by: z.string(),
    createdAt: isoTime,
    contentType: z.string().optional(),
    defaultCommunityCode: z.string().optional(),
    progress: z
      .object({
        rows: z.number().int(),
        imported: z.number().int(),
        existing: z.number().int(),
        failed: z.number().int(),
      })
      .optional(),
    error: ImportError.optional(),
    finishedAt: isoTime.optional(),
  })
  .openapi('ImportJobState');
export const ImportJob = z.union([ImportSummary, ImportJobState]).openapi('ImportJob');

export const NewImportJob = z
  .object({
    id: z.string(),
    status: z.literal('awaiting-upload'),
    filename: z.string().optional(),
    size: z.number().int().optional(),
    by: z.string(),
    createdAt: isoTime,
    upload: z
      .object({ url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: isoTime })
      .openapi('UploadTarget'),
    maxBytes: z.number().int(),
  })
  .openapi('NewImportJob');
