import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** How long an uploaded import file may stay: the worker deletes it, this is the backstop. */
export const IMPORT_UPLOAD_EXPIRY = Duration.days(1);

/** Headers of the browser's `multipart/form-data` POST to the presigned form. */
export const IMPORT_UPLOAD_CORS_HEADERS = ['content-type'] as const;

export interface ImportUploadsProps {
  /** Keep the buckets on stack deletion. @default true */
  readonly retain?: boolean;
}

/**
 * The bucket of background-import files (`t/<tenantId>/imports/<importId>`, CSV/XLSX up to 200 MB,
 * resident personal data): private, SSL only, SSE-S3, ACLs disabled, every object expired after a
 * day, server access logs to a bucket of its own. No principal holds a bucket-level grant; tenant
 * sessions reach `t/<their tenantId>/*` through {@link TenantDataAccessRole}.
 */
export class ImportUploads extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ImportUploadsProps = {}) {
    super(scope, id);
    // Log delivery through a bucket policy (logging.s3.amazonaws.com, source = the upload bucket),
    // not the legacy LogDeliveryWrite ACL, so the log bucket can keep ACLs disabled too. Set here,
    // before any child exists, so it applies to these two buckets only.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const retain = props.retain ?? true;
    const removal = retain
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(180) }],
      ...removal,
    });
    NagSuppressions.addResourceSuppressions(this.accessLogs, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' },
    ]);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'imports/',
      lifecycleRules: [
        {
          id: 'ExpireImportFiles',
          expiration: IMPORT_UPLOAD_EXPIRY,
          abortIncompleteMultipartUploadAfter: IMPORT_UPLOAD_EXPIRY,
        },
      ],
      // The browser posts the file straight to S3 from the web origin, which lives in another stack
      // (and a silo API has none of its own), hence any origin: the credential is the presigned
      // form itself — one key, a size range, a fixed Content-Type, 15 minutes, signed by the
      // tenant's scoped session — not the origin.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: ['*'],
          allowedHeaders: [...IMPORT_UPLOAD_CORS_HEADERS],
          maxAge: 3600,
        },
      ],
      ...removal,
    });
  }
}
