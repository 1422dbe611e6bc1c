/*
 * The SDK pieces each adapter loads on first use. One small module per service, imported with
 * `await import()`: the bundler makes each a lazy chunk holding only these names (a dynamic import
 * of the client package itself would keep every command of the service).
 */
export { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
export { createPresignedPost } from '@aws-sdk/s3-presigned-post';
