/**
 * Background imports of large files, the HTTP side. The browser uploads the file straight to object
 * storage with a short-lived, size-limited form (S3 presigned POST in AWS; the local gateway's upload
 * endpoint locally, same form), then asks the API to start the job; a worker (the
 * `tenant-import-worker` Lambda in AWS, this process locally; both in `@linli/adapters`) streams the
 * file through the same `runImportJob` the in-request import uses, reports progress in the job's
 * item and deletes the file when it is done.
 *
 * Files live under `t/<tenantId>/imports/<importId>`: in AWS the presigning credentials are the
 * tenant's scoped session, whose policy allows only its own `t/<tenantId>/` prefix.
 */
import { LinliError } from '@linli/core';
import { tenantObjectPrefix } from '@linli/tenancy';
import * as z from 'zod/mini';

export type { ImportFiles, ImportJobEvent, ImportRunner, UploadTarget } from './deps.ts';

/** Largest file a background import accepts (bytes). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** The object key of an import file. */
export const importFileKey = (tenantId: string, importId: string) =>
  `${tenantObjectPrefix(tenantId)}imports/${importId}`;

/** The object key of a material uploaded for a service request (办件). */
export const materialFileKey = (tenantId: string, uploadId: string) =>
  `${tenantObjectPrefix(tenantId)}materials/${uploadId}`;

/** Which kind of upload a store serves: import files or request materials. */
export type UploadFolder = 'imports' | 'materials';
export const uploadFileKey = (folder: UploadFolder, tenantId: string, id: string) =>
  folder === 'imports' ? importFileKey(tenantId, id) : materialFileKey(tenantId, id);

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** The event the import worker accepts (and the runners send). */
export const importJobEventSchema = z.object({
  tenantId: z.string().check(z.regex(ULID)),
  importId: z.string().check(z.regex(ULID)),
});

export const fileMissing = () =>
  new LinliError('IMPORT_FILE_MISSING', 400, {
    zh: '尚未收到上传的文件，请重新上传',
    en: 'The uploaded file has not arrived; upload it again',
  });
