/**
 * Import uploads in AWS: an S3 bucket (`IMPORT_BUCKET`). The browser gets a presigned POST for
 * exactly one key, `t/<tenantId>/imports/<importId>`, with a `content-length-range` up to the
 * declared size and a fixed Content-Type, valid 15 minutes. Every S3 call — the signature of the
 * form included — is made with the tenant's scoped session, whose policy allows only objects under
 * `t/<tenantId>/`: a bug that named another tenant's key would be refused by S3 itself. The S3
 * modules load on first use (only the import functions ever use them).
 */
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ImportFiles, UploadTarget } from '@linli/api';
import { type UploadFolder, uploadFileKey } from '@linli/api/import-jobs';

const TTL_S = 15 * 60;

/**
 * A missing key: 404 where the caller may list the bucket, 403 where it may not — the tenant
 * session deliberately has no `s3:ListBucket`, so S3 answers 403 for a file that is not there.
 */
const isMissing = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e.name === 'NotFound' ||
    e.name === 'NoSuchKey' ||
    e.$metadata?.httpStatusCode === 404 ||
    e.$metadata?.httpStatusCode === 403
  );
};

const s3 = () => import('./sdk/s3.ts');

export class S3ImportFiles implements ImportFiles {
  /** @param s3For an S3 client with the tenant's scoped credentials */
  /** @param folder `imports`, or `materials` of service requests (same bucket, same tenant prefix) */
  constructor(
    private readonly bucket: string,
    private readonly s3For: (tenantId: string) => S3Client | Promise<S3Client>,
    private readonly folder: UploadFolder = 'imports',
  ) {}

  async target(
    tenantId: string,
    importId: string,
    opts: { contentType: string; maxBytes: number },
  ): Promise<UploadTarget> {
    const { createPresignedPost } = await s3();
    const Key = uploadFileKey(this.folder, tenantId, importId);
    const post = await createPresignedPost(await this.s3For(tenantId), {
      Bucket: this.bucket,
      Key,
      Conditions: [
        ['content-length-range', 1, opts.maxBytes],
        ['eq', '$Content-Type', opts.contentType],
      ],
      Fields: { 'Content-Type': opts.contentType },
      Expires: TTL_S,
    });
    return {
      url: post.url,
      fields: post.fields,
      expiresAt: new Date(Date.now() + TTL_S * 1000).toISOString(),
    };
  }

  async exists(tenantId: string, importId: string): Promise<boolean> {
    const { HeadObjectCommand } = await s3();
    try {
      await (await this.s3For(tenantId)).send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: uploadFileKey(this.folder, tenantId, importId) }),
      );
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async open(tenantId: string, importId: string): Promise<Readable | undefined> {
    const { GetObjectCommand } = await s3();
    try {
      const out = await (await this.s3For(tenantId)).send(
        new GetObjectCommand({ Bucket: this.bucket, Key: uploadFileKey(this.folder, tenantId, importId) }),
      );
      return out.Body as Readable | undefined;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async remove(tenantId: string, importId: string): Promise<void> {
    const { DeleteObjectCommand } = await s3();
    await (await this.s3For(tenantId)).send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: uploadFileKey(this.folder, tenantId, importId) }),
    );
  }
}
