/**
 * What the import routes share: the file from the request (raw body or multipart `file`), the
 * import options from the query, and the district's remembered column mapping.
 */
import { Readable } from 'node:stream';
import type { z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { Errors, LinliError } from '@linli/core';
import { type ImportField, loadImportMapping, type PopulationStore } from '@linli/population';
import { ImportMapping, type ImportQuery } from './import-schemas.ts';
import { type C, communitiesFor, knownCommunity, targetOf } from './shared.ts';

/** The uploaded file as a byte stream, its name, and the content type the client declared. */
export const requestFile = async (
  c: C,
  filename: string | undefined,
): Promise<{ input: AsyncIterable<Buffer | string>; filename?: string; contentType?: string }> => {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw Errors.validation(undefined, {
        issues: [
          { field: 'file', code: 'IMPORT_FILE_REQUIRED', message: { zh: '请选择文件', en: 'Choose a file' } },
        ],
      });
    const name = filename ?? file.name;
    return { input: Readable.fromWeb(file.stream()), ...(name ? { filename: name } : {}) };
  }
  // A file is sent as itself (CSV, XLSX, or bytes of no declared type) or in a form; a JSON or
  // URL-encoded body is a client mistake, answered as such rather than read as a roster.
  if (/^application\/(json|x-www-form-urlencoded)\b|\+json\b/i.test(type))
    throw new LinliError('IMPORT_UNSUPPORTED_FORMAT', 415, {
      zh: '请上传 CSV 或 XLSX 文件（文件本身，或表单中的 file 字段）',
      en: 'Upload a CSV or XLSX file (as the body, or as the form field file)',
    });
  const body = c.req.raw.body;
  if (!body) throw Errors.validation({ zh: '请求体为空', en: 'empty body' });
  return {
    input: Readable.fromWeb(body),
    ...(filename ? { filename } : {}),
    ...(type ? { contentType: type } : {}),
  };
};

/** A mapping given as JSON text (query parameter), validated like the body's. */
export const mappingOf = (text: string | undefined): Record<string, ImportField | null> | undefined => {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const parsed = ImportMapping.safeParse(raw);
  if (!parsed.success)
    throw Errors.validation(undefined, {
      issues: [
        {
          field: 'mapping',
          code: 'IMPORT_MAPPING_INVALID',
          message: {
            zh: '列对应关系应为“表头 → 字段”的 JSON 对象',
            en: 'The mapping is a JSON object of header → field',
          },
        },
      ],
    });
  return parsed.data;
};

/**
 * Everything an import or a preview runs with, checked: the default community (the caller may
 * import into it), the communities in scope, the options, the district's mapping under the one
 * given now.
 */
export const importSetup = async (
  c: C,
  pop: PopulationStore,
  q: {
    community?: string | undefined;
    upgradeLegacyIds?: boolean | undefined;
    sheet?: string | undefined;
    mapping?: Record<string, ImportField | null> | undefined;
  },
) => {
  const ctx = c.get('ctx');
  const def = q.community ?? ctx.scope.communityCode;
  if (def) authorize(ctx, 'residents:import', targetOf(def));
  if (q.community) await knownCommunity(c, q.community);
  const saved = await loadImportMapping(pop);
  const mapping = { ...saved, ...(q.mapping ?? {}) };
  return {
    saved,
    options: {
      communities: new Set(await communitiesFor(c, 'residents:import')),
      ...(def ? { defaultCommunityCode: def } : {}),
      ...(q.upgradeLegacyIds ? { upgradeLegacyIds: true } : {}),
      ...(q.sheet ? { sheet: q.sheet } : {}),
      ...(Object.keys(mapping).length ? { mapping } : {}),
    },
  };
};

export const queryOptions = (q: z.infer<typeof ImportQuery>) => ({
  community: q.community,
  upgradeLegacyIds: q.upgradeLegacyIds === 'true',
  sheet: q.sheet,
  mapping: mappingOf(q.mapping),
});
