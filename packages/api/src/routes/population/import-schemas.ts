/** Response shapes of resident imports: the summary, a refused file, background jobs. */
import { z } from '@hono/zod-openapi';
import { IMPORT_COLUMNS, type ImportField, MAPPING_MAX } from '@linli/population';
import { Bilingual } from '../../openapi.ts';
import { COMMUNITY, isoTime } from './schemas.ts';

const FIELDS = IMPORT_COLUMNS.map((c) => c.field) as [ImportField, ...ImportField[]];
const Field = z.enum(FIELDS);

/** Headers mapped by hand: header text → field, or null to ignore the column. */
export const ImportMapping = z
  .record(z.string().trim().min(1).max(50), Field.nullable())
  .refine((m) => Object.keys(m).length <= MAPPING_MAX, { message: `at most ${MAPPING_MAX} headers` })
  .openapi('ImportMapping');

/** The options of an import, as query parameters (the body is the file). */
export const ImportQuery = z.object({
  community: z.optional(COMMUNITY).openapi({
    description:
      'the default community: for rows whose community cell is blank (or a file without the column)',
  }),
  filename: z.string().max(200).optional(),
  upgradeLegacyIds: z.enum(['true', 'false']).optional().openapi({
    description: 'upgrade 15-digit ID numbers (GB 11643), keep the original, mark for verification',
  }),
  sheet: z.string().trim().min(1).max(100).optional().openapi({ description: 'XLSX: only this worksheet' }),
  mapping: z.string().max(8000).optional().openapi({
    description: 'JSON object: header text → field (or null to ignore); remembered for the district',
  }),
});

/** The same options in a JSON body (background imports). */
export const ImportOptionsBody = {
  upgradeLegacyIds: z.boolean().optional(),
  sheet: z.string().trim().min(1).max(100).optional(),
  mapping: ImportMapping.optional(),
};

// --- imports ----------------------------------------------------------------------------------

const ImportError = z.object({ code: z.string(), message: Bilingual });

export const ImportFile = z
  .object({
    format: z.enum(['csv', 'xlsx']).optional(),
    encoding: z.enum(['utf-8', 'gb18030', 'utf-16le']).optional(),
    headerRow: z.number().int().optional().openapi({ description: 'the row the header was found on' }),
    rowsAboveHeader: z.number().int().optional().openapi({ description: 'title and note rows skipped' }),
    columns: z.array(z.string()).optional(),
    ignoredColumns: z.array(z.string()).optional(),
    mapping: z
      .array(z.object({ index: z.number().int(), header: z.string(), field: Field.optional() }))
      .optional()
      .openapi({ description: 'each header and the field it was taken as (none: ignored)' }),
    blankRows: z.number().int().optional(),
    exampleRows: z
      .number()
      .int()
      .optional()
      .openapi({ description: "rows marked 示例 (the template's example): skipped, never imported" }),
    sheets: z
      .array(
        z.object({
          name: z.string(),
          headerRow: z.number().int().optional(),
          rows: z.number().int(),
          community: z.string().optional(),
          skipped: ImportError.optional(),
        }),
      )
      .optional(),
    communities: z
      .object({
        byCode: z.number().int(),
        byName: z.number().int(),
        bySheet: z.number().int(),
        byDefault: z.number().int(),
      })
      .optional()
      .openapi({
        description: 'how the valid rows found their community; byDefault: blank cells given the default',
      }),
    communityRows: z
      .array(z.object({ code: z.string(), name: z.string().optional(), rows: z.number().int() }))
      .optional(),
    addresses: z
      .object({ parsed: z.number().int(), text: z.number().int() })
      .optional()
      .openapi({ description: 'addresses read into building/unit/room, and those kept as text only' }),
    legacyIdsUpgraded: z.number().int().optional(),
  })
  .openapi('ImportFile');

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
    file: ImportFile,
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
    upgradeLegacyIds: z.boolean().optional(),
    sheet: z.string().optional(),
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

/** What a file would import: the summary of a dry run, the first rows (masked) and the first errors. */
export const ImportPreview = z
  .object({
    rows: z.number().int(),
    imported: z
      .number()
      .int()
      .openapi({ description: 'rows that would be imported (or skipped as registered)' }),
    failed: z.number().int(),
    blankRows: z.number().int(),
    issues: z.number().int(),
    byCode: z.record(z.string(), z.number().int()),
    truncated: z.boolean(),
    fileError: ImportError.optional(),
    file: ImportFile,
    sample: z.array(
      z.object({
        row: z.number().int(),
        sheet: z.string().optional(),
        values: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
      }),
    ),
    errors: z.array(
      z.object({
        row: z.number().int(),
        sheet: z.string().optional(),
        field: z.string(),
        code: z.string(),
        message: Bilingual,
      }),
    ),
    fields: z
      .array(z.object({ field: Field, zh: z.string(), required: z.boolean() }))
      .openapi({ description: 'the fields a column can be mapped to' }),
    savedMapping: ImportMapping.openapi({ description: "the district's remembered mapping (applied)" }),
  })
  .openapi('ImportPreview');
